package smc

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"

	"github.com/bayesnn-go/bayesnn/density"
)

// smcCheckEvidence3 checks the mean log evidence of several seeds against
// the truth within 3 standard errors of their spread.
func smcCheckEvidence3(t *testing.T, name string, logZ []float64, truth float64) {
	t.Helper()
	m, sd := stat.Mean(logZ, nil), math.Sqrt(stat.Variance(logZ, nil))
	se := sd / math.Sqrt(float64(len(logZ)))
	t.Logf("%s: log evidence %.4f ± %.4f (sd %.4f over %d seeds), truth %.4f", name, m, se, sd, len(logZ), truth)
	if math.Abs(m-truth) > 3*se {
		t.Errorf("%s: mean log evidence %.4f, truth %.4f, 3 SE %.4f", name, m, truth, 3*se)
	}
}

// The issue's Beta-Binomial: a Beta(1, 1) prior, 5 successes in 50 trials
// (posterior Beta(6, 46), mean 6/52 = 0.11538), by tempering and by adding
// the data one at a time, each with the random walk and with MALA moves.
func TestBetaBinomialIssue(t *testing.T) {
	bb := smcBB{a: 1, b: 1, n: 50, k: 5}
	if m := bb.postMean(); math.Abs(m-6.0/52) > 1e-15 {
		t.Fatalf("posterior mean %v", m)
	}
	seeds := uint64(12)
	if testing.Short() {
		seeds = 6
	}
	for _, move := range []Move{MALA} {
		var zT, zD []float64
		for seed := uint64(1); seed <= seeds; seed++ {
			o := Options{Particles: 500, Seed: seed, Move: move}
			res, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik()}, o)
			if err != nil {
				t.Fatal(err)
			}
			smcCheckMoments(t, move.String()+" tempering p", res, smcP, bb.postMean(), bb.postVar())
			zT = append(zT, res.LogEvidence)
			res, err = Run(context.Background(), bb.prior(), &DataAnnealing{N: bb.n, LogLik: bb.datum, BatchSize: 1}, o)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Stages) != 50 {
				t.Fatalf("%d stages adding 50 data one at a time", len(res.Stages))
			}
			smcCheckMoments(t, move.String()+" data annealing p", res, smcP, bb.postMean(), bb.postVar())
			zD = append(zD, res.LogEvidence)
			if len(res.Warnings) > 0 {
				t.Errorf("warnings: %v", res.Warnings)
			}
		}
		smcCheckEvidence3(t, move.String()+" tempering", zT, bb.logEvidence())
		smcCheckEvidence3(t, move.String()+" data annealing", zD, bb.logEvidence()-smcLogChoose(bb.n, bb.k))
	}
}

// From a step size 20 times too large the acceptance collapses at the
// first stage; tuning brings it back near the target, with no warning.
// With the step size fixed the collapse persists and is reported.
func TestTuningAndCollapseWarning(t *testing.T) {
	gg := smcNewGG(20, 10, 1)
	mu, v := gg.post()
	var buf bytes.Buffer
	o := Options{Particles: 400, Seed: 2, Move: MALA, MoveScale: 20, Progress: &buf}
	betas := make([]float64, 20)
	for i := range betas {
		betas[i] = math.Pow(1e-3, 1-float64(i)/19)
	}
	res, err := Run(context.Background(), gg.prior(), &Tempering{LogLik: gg.loglik(), Betas: betas}, o)
	if err != nil {
		t.Fatal(err)
	}
	st := res.Stages
	if st[0].Acceptance > smcCollapse {
		t.Fatalf("first stage acceptance %.3f at step 100: not collapsed", st[0].Acceptance)
	}
	var a float64
	for _, s := range st[len(st)-5:] {
		a += s.Acceptance / 5
	}
	if math.Abs(a-0.574) > 0.1 {
		t.Errorf("mean acceptance of the last 5 stages %.2f after tuning, target 0.574", a)
	}
	if len(res.Warnings) != 0 {
		t.Errorf("tuned run warned: %v", res.Warnings)
	}
	for j := 0; j < 20; j += 7 {
		smcCheckMoments(t, "tuned MALA θ", res, func(x []float64) float64 { return x[j] }, mu[j], v)
	}
	if !strings.Contains(buf.String(), "SMC stage") || !strings.Contains(buf.String(), "accept") {
		t.Errorf("progress output %q", buf.String())
	}
	buf.Reset()
	o.FixedStepSize = true
	res, err = Run(context.Background(), gg.prior(), &Tempering{LogLik: gg.loglik(), Betas: betas}, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "barely move") {
		t.Errorf("fixed step 100: warnings %v", res.Warnings)
	}
	if !strings.Contains(buf.String(), "barely move") {
		t.Errorf("the warning did not reach Progress: %q", buf.String())
	}
}

// MaxMoves adapts the number of moves to the acceptance; Partial replaces
// the per-datum sums in the moves with one target, and changes nothing
// else.
func TestMaxMovesAndPartial(t *testing.T) {
	gg := smcNewGG(3, 12, 4)
	mu, v := gg.post()
	full := func(n int) (density.Target, error) {
		pr := gg.prior().Target
		g2 := make([]float64, 3)
		return density.FuncTarget{N: 3, F: func(g, x []float64) float64 {
			lp := pr.LogProb(g, x)
			for k := 0; k < n; k++ {
				lp += gg.datum(g2, x, k)
				for i := range g {
					g[i] += g2[i]
				}
			}
			return lp
		}}, nil
	}
	o := Options{Particles: 500, Seed: 9, Moves: 2, MaxMoves: 40, Move: RandomWalk, FixedStepSize: true, MoveScale: 3, Parallel: 1}
	a, err := Run(context.Background(), gg.prior(), &DataAnnealing{N: 12, LogLik: gg.datum, BatchSize: 2}, o)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), gg.prior(), &DataAnnealing{N: 12, LogLik: gg.datum, BatchSize: 2, Partial: full}, o)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range a.Stages {
		if i > 0 && s.Moves <= 2 {
			t.Errorf("stage %d: %d moves at acceptance %.2f of the previous stage", i, s.Moves, a.Stages[i-1].Acceptance)
		}
		if math.Abs(s.Acceptance-b.Stages[i].Acceptance) > 1e-12 {
			t.Errorf("stage %d: acceptance %v with Partial, %v without", i, b.Stages[i].Acceptance, s.Acceptance)
		}
	}
	for j := 0; j < 3; j++ {
		smcCheckMoments(t, "θ", b, func(x []float64) float64 { return x[j] }, mu[j], v)
	}
}

// MALA moves, the diagonal covariance and the tuning give the same
// particles for any number of goroutines.
func TestMALAReproducibleAcrossParallelism(t *testing.T) {
	gg := smcNewGG(12, 10, 2)
	run := func(par int) *Result {
		res, err := Run(context.Background(), gg.prior(), &Tempering{LogLik: gg.loglik()},
			Options{Particles: 100, Seed: 5, Parallel: par, Diagonal: true, MaxMoves: 30})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b := run(1), run(2)
	for i := range a.Particles {
		for j := range a.Particles[i] {
			if a.Particles[i][j] != b.Particles[i][j] {
				t.Fatalf("particle %d element %d differs between 1 and 2 goroutines", i, j)
			}
		}
	}
	if a.LogEvidence != b.LogEvidence {
		t.Errorf("log evidence %v and %v", a.LogEvidence, b.LogEvidence)
	}
}

func TestTuneBadInput(t *testing.T) {
	bb := smcBB{a: 1, b: 1, n: 50, k: 5}
	for _, o := range []Options{{Move: 7}, {TargetAccept: 1}, {TargetAccept: -0.1}, {MaxMoves: -1}} {
		if _, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik()}, o); err == nil {
			t.Errorf("%+v: no error", o)
		}
	}
	bad := &DataAnnealing{N: 50, LogLik: bb.datum, Partial: func(int) (density.Target, error) { return density.FuncTarget{N: 2}, nil }}
	if _, err := Run(context.Background(), bb.prior(), bad, Options{Particles: 10}); err == nil {
		t.Error("Partial of the wrong dimension: no error")
	}
}
