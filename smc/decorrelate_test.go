package smc

import (
	"context"
	"math"
	"testing"
)

// With Decorrelate the moves go on in rounds until the particles have
// forgotten where each stage started them: on a 12-dimensional Gaussian
// with a deliberately short random walk, every stage ends with a
// correlation below the threshold (or at the cap), takes more moves than
// one round, and the posterior moments and evidence stay right; the
// particles do not depend on the number of goroutines.
func TestDecorrelate(t *testing.T) {
	gg := smcNewGG(12, 10, 2)
	mu, v := gg.post()
	run := func(par int) *Result {
		res, err := Run(context.Background(), gg.prior(), &Tempering{LogLik: gg.loglik()},
			Options{Particles: 200, Seed: 3, Parallel: par, Move: RandomWalk, Moves: 2, Decorrelate: 0.1, MaxMoves: 200})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := run(1)
	more := false
	for i, s := range a.Stages {
		if s.Correlation >= 0.1 && s.Moves+2 <= 200 {
			t.Errorf("stage %d stopped at correlation %.3f after %d moves", i, s.Correlation, s.Moves)
		}
		if s.Moves%2 != 0 || s.Moves > 200 {
			t.Errorf("stage %d: %d moves, want whole rounds of 2 up to 200", i, s.Moves)
		}
		more = more || s.Moves > 2
	}
	if !more {
		t.Error("no stage took a second round of moves")
	}
	for j := 0; j < 12; j++ {
		smcCheckMoments(t, "θ", a, func(x []float64) float64 { return x[j] }, mu[j], v)
	}
	if d := a.LogEvidence - gg.logEvidence(); math.Abs(d) > 1 {
		t.Errorf("log evidence %.3f, exact %.3f", a.LogEvidence, gg.logEvidence())
	}
	b := run(2)
	for i := range a.Particles {
		for j := range a.Particles[i] {
			if a.Particles[i][j] != b.Particles[i][j] {
				t.Fatalf("particle %d element %d differs between 1 and 2 goroutines", i, j)
			}
		}
	}
	for _, c := range []float64{-0.1, 1, math.NaN()} {
		bb := smcBB{a: 1, b: 1, n: 50, k: 5}
		if _, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik()}, Options{Decorrelate: c}); err == nil {
			t.Errorf("Decorrelate %v: no error", c)
		}
	}
}

// smcDecorrelation is 1 for particles that have not moved, near 0 for
// independent ones, and skips coordinates without spread.
func TestDecorrelationMeasure(t *testing.T) {
	const n, d = 2000, 3
	x0 := make([]float64, n*d)
	x1 := make([]float64, n*d)
	w := make([]float64, n)
	lp0 := make([]float64, n)
	lp1 := make([]float64, n)
	for i := 0; i < n; i++ {
		w[i] = 1
		for j := 0; j < d-1; j++ { // the last coordinate is constant
			x0[i*d+j] = math.Sin(float64(i*(j+1)) * 1.7)
			x1[i*d+j] = math.Cos(float64(i*(j+3)) * 2.9)
		}
		lp0[i], lp1[i] = x0[i*d], x1[i*d]
	}
	if c := smcDecorrelation(x0, x0, lp0, lp0, w, n, d); math.Abs(c-1) > 1e-12 {
		t.Errorf("unmoved particles: correlation %v, want 1", c)
	}
	if c := smcDecorrelation(x0, x1, lp0, lp1, w, n, d); math.Abs(c) > 0.1 {
		t.Errorf("unrelated particles: correlation %v, want near 0", c)
	}
}
