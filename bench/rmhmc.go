package main

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"time"

	"github.com/bayesnn-go/bayesnn/models"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// rmhmcRows measures Riemannian HMC transitions per second on hamiltorch's
// 11-D funnel (models.Funnel{D: 11}.Model(), the autodiff tape: exact Hessians,
// Richardson-differenced third derivatives) at the source's settings, ε
// 0.15, 25 steps, SoftAbs α 1e6, for the implicit integrator and the
// explicit one (ω 10, hamiltorch's binding update), with the allocations
// per transition once warm. One chain from hamiltorch's start (v 0, x 1).
// The notes carry hamiltorch's own rates, 0.07 implicit samples/s measured
// here (turn 1), 0.06 implicit and 0.25 explicit in the source, and our
// ratio to them.
func rmhmcRows(repeats int) []Row {
	const name = "funnel 11-D (RMHMC SoftAbs, ε 0.15, L 25)"
	n := 40
	if *quick {
		n = 5
	}
	kernels := []struct {
		metric, note string
		theirs       float64 // hamiltorch's samples/s
		k            samplers.RMHMC
	}{
		{"implicit transitions/s", "hamiltorch implicit: 0.07 samples/s here, 0.06 in the source", 0.07,
			samplers.RMHMC{StepSize: 0.15, Steps: 25, Metric: samplers.SoftAbs}},
		{"explicit transitions/s", "hamiltorch explicit: 0.25 samples/s in the source", 0.25,
			samplers.RMHMC{StepSize: 0.15, Steps: 25, Metric: samplers.SoftAbs,
				Integrator: samplers.ExplicitRMHMC, Binding: 10}},
	}
	var rows []Row
	for _, kc := range kernels {
		fail := func(err error) {
			rows = append(rows, Row{Group: "sampler", Case: name, Impl: "bayesnn", Metric: kc.metric, Note: "error: " + err.Error()})
		}
		t, err := models.Funnel{D: 11}.Model().Target()
		if err != nil {
			fail(err)
			continue
		}
		x0 := make([]float64, 11)
		for i := 1; i < 11; i++ {
			x0[i] = 1
		}
		s, err := kc.k.Init(t, x0)
		if err != nil {
			fail(err)
			continue
		}
		rng := rand.New(rand.NewPCG(1, 2))
		for range 5 { // warm: buffers, and away from the start
			kc.k.Step(rng, s)
		}
		var rates []float64
		var allocs uint64
		var before, after runtime.MemStats
		for range repeats {
			runtime.ReadMemStats(&before)
			start := time.Now()
			for range n {
				kc.k.Step(rng, s)
			}
			rates = append(rates, float64(n)/time.Since(start).Seconds())
			runtime.ReadMemStats(&after)
			allocs += after.Mallocs - before.Mallocs
		}
		r := summarize("sampler", name, "bayesnn", kc.metric, rates)
		r.Allocs = float64(allocs) / float64(repeats*n)
		r.Note = fmt.Sprintf("%s; ours %.0f×", kc.note, r.Median/kc.theirs)
		rows = append(rows, r)
	}
	return rows
}
