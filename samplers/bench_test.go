package samplers

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
)

// logistic is a Bayesian logistic regression with d coefficients and n
// observations (standard normal prior): a gradient of ~4·n·d flops, the
// cost profile of a small model.
func logistic(d, n int) density.FuncTarget {
	rng := rand.New(rand.NewPCG(3, 3))
	x := make([]float64, n*d)
	y := make([]float64, n)
	for i := range x {
		x[i] = rng.NormFloat64() / math.Sqrt(float64(d))
	}
	for i := range y {
		if rng.Float64() < 0.5 {
			y[i] = 1
		}
	}
	return density.FuncTarget{N: d, F: func(grad, b []float64) float64 {
		var lp float64
		for j, v := range b {
			grad[j] = -v
			lp -= 0.5 * v * v
		}
		for i := 0; i < n; i++ {
			row := x[i*d : (i+1)*d]
			var eta float64
			for j, v := range row {
				eta += v * b[j]
			}
			mu := 1 / (1 + math.Exp(-eta))
			lp += y[i]*eta - math.Log1p(math.Exp(eta))
			r := y[i] - mu
			for j, v := range row {
				grad[j] += r * v
			}
		}
		return lp
	}}
}

func TestLogisticGradient(t *testing.T) {
	x := make([]float64, 10)
	for i := range x {
		x[i] = 0.1 * float64(i-5)
	}
	checkGradient(t, "logistic", logistic(10, 50), x)
}

// benchNUTS runs NUTS transitions on tg and reports gradients per second,
// the time per leapfrog step, the time of one gradient alone and the
// sampler's own share of a leapfrog step.
//
// The machine may be shared, so times are the fastest of rounds that
// alternate short bursts of transitions and of bare gradients: the minimum
// is what contention cannot inflate. The sampler's own cost per leapfrog
// step does not depend on the model, only on the dimension, so it is
// measured on the cheapest target of that dimension (a standard normal:
// time per leapfrog minus time per gradient) and compared with the
// model's gradient: overhead% = own / (own + gradient). On a costly model
// a direct difference would drown in timing noise.
func benchNUTS(b *testing.B, tg density.Target, eps float64) {
	own := samplerCost(tg.Dim())
	perStep, perGrad, rate := timeNUTS(b, tg, eps, b.N)
	b.ReportMetric(rate, "gradients/s")
	b.ReportMetric(perStep, "ns/leapfrog")
	b.ReportMetric(perGrad, "ns/gradient")
	b.ReportMetric(own, "ns-own/leapfrog")
	b.ReportMetric(100*own/(own+perGrad), "overhead%")
}

// samplerCost returns the sampler's own time per leapfrog step in
// dimension d, excluding the gradient.
func samplerCost(d int) float64 {
	perStep, perGrad, _ := timeNUTS(nil, harmonic(d), 1/math.Sqrt(math.Sqrt(float64(d))), 400)
	return math.Max(perStep-perGrad, 0)
}

// timeNUTS runs n transitions and returns the fastest per-leapfrog and
// per-gradient times over rounds, and gradients per second overall.
func timeNUTS(b *testing.B, tg density.Target, eps float64, n int) (perStep, perGrad, rate float64) {
	// The sampler calls tg itself, as a user's sampler would: the gradients
	// are counted from the transitions' leapfrog counts (one per step).
	k := NUTS{StepSize: eps}
	s, err := k.Init(tg, make([]float64, tg.Dim()))
	if err != nil {
		panic(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for i := 0; i < 20; i++ {
		k.Step(rng, s)
	}
	g := make([]float64, tg.Dim())
	perStep, perGrad = math.Inf(1), math.Inf(1)
	var total time.Duration
	grads := 0
	if b != nil {
		b.ReportAllocs()
		b.ResetTimer()
	}
	for done := 0; done < n; {
		burst := min(10, n-done)
		steps := 0
		t0 := time.Now()
		for i := 0; i < burst; i++ {
			steps += k.Step(rng, s).NLeapfrog
		}
		el := time.Since(t0)
		done += burst
		total += el
		grads += steps
		perStep = math.Min(perStep, float64(el.Nanoseconds())/float64(steps))

		if b != nil {
			b.StopTimer()
		}
		m := max(steps, 10)
		t0 = time.Now()
		for i := 0; i < m; i++ {
			tg.LogProb(g, s.Position)
		}
		perGrad = math.Min(perGrad, float64(time.Since(t0).Nanoseconds())/float64(m))
		if b != nil {
			b.StartTimer()
		}
	}
	return perStep, perGrad, float64(grads) / total.Seconds()
}

// BenchmarkNUTSNormal100 is NUTS on the 100-D standard normal, whose
// gradient (100 multiply-adds) is as cheap as a gradient can be: the
// sampler's overhead is at its largest share here.
func BenchmarkNUTSNormal100(b *testing.B) { benchNUTS(b, harmonic(100), 0.4) }

// BenchmarkNUTSLogistic100 is NUTS on a 100-coefficient logistic
// regression with 1000 observations, a realistic gradient cost.
func BenchmarkNUTSLogistic100(b *testing.B) { benchNUTS(b, logistic(100, 1000), 0.1) }

// BenchmarkLeapfrog100 is one bare leapfrog step on the 100-D normal.
func BenchmarkLeapfrog100(b *testing.B) {
	h := &Euclidean{Target: harmonic(100), Metric: UnitMetric{N: 100}}
	z := NewPoint(100)
	h.Update(z)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Leapfrog.Step(h, z, 0.01)
	}
}

// BenchmarkNUTSNormal10 is NUTS on the 10-D standard normal: the overhead
// per leapfrog step of a small model, where the per-transition costs (the
// momentum draw, starting the trajectory) weigh most.
func BenchmarkNUTSNormal10(b *testing.B) { benchNUTS(b, harmonic(10), 0.8) }

// BenchmarkHMCNormal100 is static HMC (20 leapfrog steps) on the 100-D
// standard normal: time per leapfrog step, with the gradient alone for
// comparison.
func BenchmarkHMCNormal100(b *testing.B) {
	tg := harmonic(100)
	k := HMC{StepSize: 0.1, Steps: 20}
	s, err := k.Init(tg, make([]float64, tg.Dim()))
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	g := make([]float64, tg.Dim())
	b.ReportAllocs()
	b.ResetTimer()
	steps := 0
	t0 := time.Now()
	for i := 0; i < b.N; i++ {
		steps += k.Step(rng, s).NLeapfrog
	}
	perStep := float64(time.Since(t0).Nanoseconds()) / float64(steps)
	b.StopTimer()
	t0 = time.Now()
	for i := 0; i < steps; i++ {
		tg.LogProb(g, s.Position)
	}
	perGrad := float64(time.Since(t0).Nanoseconds()) / float64(steps)
	b.ReportMetric(perStep, "ns/leapfrog")
	b.ReportMetric(perGrad, "ns/gradient")
	b.ReportMetric(math.Max(perStep-perGrad, 0), "ns-own/leapfrog")
}

// BenchmarkNUTSAutodiffNormal100 is NUTS on the 100-D standard normal
// compiled by autodiff (the gradient users of models.IIDNormal(100) have):
// ns-own/leapfrog is the sampler's own cost per step (excluding the
// gradient) and overhead% its share of a step with this gradient.
func BenchmarkNUTSAutodiffNormal100(b *testing.B) {
	const d = 100
	tg, err := autodiff.NewTarget(func(t *autodiff.Tape, x *autodiff.Var) *autodiff.Var {
		return autodiff.AddConst(autodiff.Scale(autodiff.Sum(autodiff.Square(x)), -0.5), -d*0.5*math.Log(2*math.Pi))
	}, make([]float64, d), nil)
	if err != nil {
		b.Fatal(err)
	}
	benchNUTS(b, tg, 0.4)
}
