package smc

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/samplers"
	"gonum.org/v1/gonum/stat"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// smcMoments returns the weighted mean, variance and fourth central moment
// of f over the particles.
func smcMoments(res *Result, f func(x []float64) float64) (m, v, m4 float64) {
	for i, x := range res.Particles {
		m += res.Weights[i] * f(x)
	}
	for i, x := range res.Particles {
		d := f(x) - m
		v += res.Weights[i] * d * d
		m4 += res.Weights[i] * d * d * d * d
	}
	return m, v, m4
}

// smcCheckMoments checks a run's posterior mean and variance of f against
// the truth within 4 standard errors from the particles' ESS: sqrt(v/ESS)
// for the mean, sqrt((μ4 − v²)/ESS) for the variance.
func smcCheckMoments(t *testing.T, name string, res *Result, f func(x []float64) float64, mean, variance float64) {
	t.Helper()
	m, v, m4 := smcMoments(res, f)
	ess := res.ESS()
	if se := math.Sqrt(v / ess); math.Abs(m-mean) > 4*se {
		t.Errorf("%s: mean %.5f, truth %.5f, 4 SE %.5f (ESS %.0f)", name, m, mean, 4*se, ess)
	}
	if se := math.Sqrt((m4 - v*v) / ess); math.Abs(v-variance) > 4*se {
		t.Errorf("%s: variance %.6f, truth %.6f, 4 SE %.6f (ESS %.0f)", name, v, variance, 4*se, ess)
	}
}

// smcCheckEvidence checks the mean of the log evidence estimates of several
// seeds (12 or more: the spread of fewer is itself too noisy) against the
// truth within 4 standard errors from their observed spread. The
// estimate's bias, −Var/2 to first order, is well below that error at the
// spreads seen here (sd 0.04 to 0.12: bias ≤ 0.007, SE ≥ 0.01).
func smcCheckEvidence(t *testing.T, name string, logZ []float64, truth float64) {
	t.Helper()
	m, sd := stat.Mean(logZ, nil), math.Sqrt(stat.Variance(logZ, nil))
	t.Logf("%s: log evidence %.4f (sd %.4f over %d seeds), truth %.4f", name, m, sd, len(logZ), truth)
	if se := sd / math.Sqrt(float64(len(logZ))); math.Abs(m-truth) > 4*se {
		t.Errorf("%s: mean log evidence %.4f, truth %.4f, 4 SE %.4f", name, m, truth, 4*se)
	}
}

func smcP(x []float64) float64 { return 1 / (1 + math.Exp(-x[0])) }

func TestBetaBinomialTempering(t *testing.T) {
	bb := smcBB{a: 2, b: 3, n: 100, k: 70} // posterior Beta(72, 33)
	var logZ []float64
	for seed := uint64(1); seed <= 16; seed++ {
		res, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik()}, Options{Particles: 2000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		smcCheckMoments(t, "p", res, smcP, bb.postMean(), bb.postVar())
		logZ = append(logZ, res.LogEvidence)
		st := res.Stages
		if len(st) < 2 || st[len(st)-1].Beta != 1 {
			t.Fatalf("stages %+v: want several, ending at β = 1", st)
		}
		// The first stage starts from equal weights, where the conditional
		// ESS is the relative ESS: the bisection hits the target.
		if r := st[0].ESS / 2000; math.Abs(r-0.5) > 1e-6 {
			t.Errorf("first stage relative ESS %v, target 0.5", r)
		}
		for i, s := range st {
			if s.Acceptance < 0.2 || s.Acceptance > 0.8 {
				t.Errorf("stage %d acceptance %.2f, want near 0.44 for a 1-D random walk at scale 2.38", i, s.Acceptance)
			}
		}
	}
	smcCheckEvidence(t, "tempering", logZ, bb.logEvidence())
}

func TestBetaBinomialDataAnnealing(t *testing.T) {
	bb := smcBB{a: 2, b: 3, n: 30, k: 21} // posterior Beta(23, 12)
	// The data are Bernoulli: no binomial coefficient in the evidence.
	truth := bb.logEvidence() - smcLogChoose(bb.n, bb.k)
	var logZ []float64
	for seed := uint64(1); seed <= 12; seed++ {
		an := &DataAnnealing{N: bb.n, LogLik: bb.datum, BatchSize: 3}
		res, err := Run(context.Background(), bb.prior(), an, Options{Particles: 500, Seed: seed, Resampling: Resampling(seed % 3)})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(res.Stages); n != 10 || res.Stages[n-1].NData != 30 || res.Stages[0].NData != 3 {
			t.Fatalf("stages %+v: want 10 of 3 data", res.Stages)
		}
		smcCheckMoments(t, "p", res, smcP, bb.postMean(), bb.postVar())
		logZ = append(logZ, res.LogEvidence)
	}
	smcCheckEvidence(t, "data annealing", logZ, truth)
}

// HMC moves with the particles' covariance as inverse metric, on a 2-D
// Gaussian–Gaussian model.
func TestGaussianHMCMoves(t *testing.T) {
	gg := smcNewGG(2, 10, 1)
	mu, v := gg.post()
	kernel := func(cov *mat.SymDense) (samplers.Kernel, error) {
		m, err := samplers.NewDenseMetric(cov)
		if err != nil {
			return nil, err
		}
		// With the target's covariance as metric a step of 0.5 is well
		// inside leapfrog stability (2) for every stage.
		return samplers.HMC{StepSize: 0.5, Steps: 4, Metric: m}, nil
	}
	var logZ []float64
	for seed := uint64(1); seed <= 16; seed++ {
		res, err := Run(context.Background(), gg.prior(), &Tempering{LogLik: gg.loglik()},
			Options{Particles: 500, Seed: seed, Moves: 5, Kernel: kernel})
		if err != nil {
			t.Fatal(err)
		}
		for j := 0; j < 2; j++ {
			smcCheckMoments(t, "theta", res, func(x []float64) float64 { return x[j] }, mu[j], v)
		}
		for i, s := range res.Stages {
			if s.Acceptance < 0.8 {
				t.Errorf("stage %d HMC acceptance %.2f", i, s.Acceptance)
			}
		}
		logZ = append(logZ, res.LogEvidence)
	}
	smcCheckEvidence(t, "gaussian", logZ, gg.logEvidence())
}

func TestReproducibleAcrossParallelism(t *testing.T) {
	bb := smcBB{a: 2, b: 3, n: 100, k: 70}
	run := func(par int, seed uint64) *Result {
		res, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik()}, Options{Particles: 200, Seed: seed, Parallel: par})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a, b, c := run(1, 7), run(3, 7), run(3, 8)
	if a.LogEvidence != b.LogEvidence || len(a.Stages) != len(b.Stages) {
		t.Fatalf("Parallel 1 and 3: log evidence %v and %v", a.LogEvidence, b.LogEvidence)
	}
	for i := range a.Particles {
		if a.Particles[i][0] != b.Particles[i][0] || a.Weights[i] != b.Weights[i] {
			t.Fatalf("particle %d differs between Parallel 1 and 3", i)
		}
	}
	if a.LogEvidence == c.LogEvidence {
		t.Error("seeds 7 and 8 gave the same log evidence")
	}
}

func TestFixedScheduleAndPlainESS(t *testing.T) {
	bb := smcBB{a: 2, b: 3, n: 100, k: 70}
	betas := []float64{0.05, 0.2, 0.5, 1}
	res, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik(), Betas: betas}, Options{Particles: 1000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Stages) != len(betas) {
		t.Fatalf("%d stages, want %d", len(res.Stages), len(betas))
	}
	for i, s := range res.Stages {
		if s.Beta != betas[i] {
			t.Errorf("stage %d β = %v, want %v", i, s.Beta, betas[i])
		}
	}
	smcCheckMoments(t, "fixed schedule p", res, smcP, bb.postMean(), bb.postVar())

	res, err = Run(context.Background(), bb.prior(), &Tempering{LogLik: bb.loglik(), PlainESS: true, TargetESS: 0.7},
		Options{Particles: 1000, Seed: 4, ResampleThreshold: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range res.Stages {
		// Resampling at every stage leaves equal weights, so every stage
		// but the last hits the target ESS.
		if i < len(res.Stages)-1 && math.Abs(s.ESS/1000-0.7) > 1e-6 {
			t.Errorf("stage %d relative ESS %v, target 0.7", i, s.ESS/1000)
		}
		if !s.Resampled {
			t.Errorf("stage %d not resampled at threshold 1", i)
		}
	}
	smcCheckMoments(t, "plain ESS p", res, smcP, bb.postMean(), bb.postVar())
}

func TestResample(t *testing.T) {
	w := []float64{0.1, 0, 0.35, 0.05, 0.2, 0, 0.3}
	n := len(w)
	const reps = 4000
	for _, scheme := range []Resampling{Systematic, Stratified, Multinomial} {
		rng := rand.New(rand.NewPCG(1, uint64(scheme)))
		counts := make([][]float64, n) // counts[i][rep]
		for i := range counts {
			counts[i] = make([]float64, reps)
		}
		idx := make([]int, n)
		for r := 0; r < reps; r++ {
			Resample(idx, rng, w, scheme)
			for j, a := range idx {
				if j > 0 && a < idx[j-1] {
					t.Fatalf("%v: indices not sorted: %v", scheme, idx)
				}
				if w[a] == 0 {
					t.Fatalf("%v: zero-weight particle %d drawn", scheme, a)
				}
				counts[a][r]++
			}
		}
		for i := range counts {
			if scheme == Systematic {
				// Systematic resampling keeps each count within one of N·w_i.
				for _, c := range counts[i] {
					if math.Abs(c-float64(n)*w[i]) >= 1 {
						t.Fatalf("systematic: count %v of particle %d, N·w = %v", c, i, float64(n)*w[i])
					}
				}
			}
			// Unbiased: the mean count is N·w_i, within 4 SE of the reps.
			m, sd := stat.Mean(counts[i], nil), math.Sqrt(stat.Variance(counts[i], nil))
			if math.Abs(m-float64(n)*w[i]) > 4*sd/math.Sqrt(reps)+1e-12 {
				t.Errorf("%v: mean count of particle %d is %.4f, want %.4f (4 SE %.4f)", scheme, i, m, float64(n)*w[i], 4*sd/math.Sqrt(reps))
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	bb := smcBB{a: 2, b: 3, n: 10, k: 5}
	temp := &Tempering{LogLik: bb.loglik()}
	nanPrior := bb.prior()
	nanPrior.Sample = func(_ *rand.Rand, dst []float64) { dst[0] = math.NaN() }
	outPrior := bb.prior()
	outPrior.Target = density.FuncTarget{N: 1, F: func(_, _ []float64) float64 { return math.Inf(-1) }}
	zeroLik := &Tempering{LogLik: density.FuncTarget{N: 1, F: func(_, _ []float64) float64 { return math.Inf(-1) }}}
	for name, c := range map[string]struct {
		p Prior
		a Annealing
		o Options
	}{
		"one particle":         {bb.prior(), temp, Options{Particles: 1}},
		"negative particles":   {bb.prior(), temp, Options{Particles: -5}},
		"NaN prior draw":       {nanPrior, temp, Options{Particles: 10}},
		"prior density -Inf":   {outPrior, temp, Options{Particles: 10}},
		"no prior sampler":     {Prior{Target: bb.prior().Target}, temp, Options{}},
		"nil annealing":        {bb.prior(), nil, Options{}},
		"nil tempering":        {bb.prior(), (*Tempering)(nil), Options{}},
		"target ESS 1":         {bb.prior(), &Tempering{LogLik: bb.loglik(), TargetESS: 1}, Options{}},
		"target ESS negative":  {bb.prior(), &Tempering{LogLik: bb.loglik(), TargetESS: -0.5}, Options{}},
		"schedule not ending":  {bb.prior(), &Tempering{LogLik: bb.loglik(), Betas: []float64{0.5, 0.9}}, Options{}},
		"schedule decreasing":  {bb.prior(), &Tempering{LogLik: bb.loglik(), Betas: []float64{0.5, 0.3, 1}}, Options{}},
		"dimension mismatch":   {bb.prior(), &Tempering{LogLik: density.FuncTarget{N: 2, F: func(g, x []float64) float64 { return 0 }}}, Options{}},
		"no data":              {bb.prior(), &DataAnnealing{LogLik: bb.datum}, Options{}},
		"threshold above 1":    {bb.prior(), temp, Options{ResampleThreshold: 1.5}},
		"unknown resampling":   {bb.prior(), temp, Options{Resampling: 7}},
		"negative moves":       {bb.prior(), temp, Options{Moves: -1}},
		"NaN move scale":       {bb.prior(), temp, Options{MoveScale: math.NaN()}},
		"zero likelihood":      {bb.prior(), zeroLik, Options{Particles: 10}},
		"kernel builder fails": {bb.prior(), temp, Options{Particles: 10, Kernel: func(*mat.SymDense) (samplers.Kernel, error) { return nil, errors.New("no") }}},
	} {
		if _, err := Run(context.Background(), c.p, c.a, c.o); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, bb.prior(), temp, Options{Particles: 10}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: error %v", err)
	}
}

// A likelihood that is zero on part of the prior's support: most particles
// lose their weight at the first β step, and the adaptive step aims at the
// attainable CESS.
func TestTruncatedLikelihood(t *testing.T) {
	bb := smcBB{a: 2, b: 3, n: 20, k: 14}
	ll := bb.loglik()
	trunc := density.FuncTarget{N: 1, F: func(g, x []float64) float64 {
		if smcP(x) < 0.5 { // about 69% of the Beta(2, 3) prior's mass
			g[0] = 0
			return math.Inf(-1)
		}
		return ll.LogProb(g, x)
	}}
	// Truth by midpoint quadrature on p over (0.5, 1).
	var z, m1, m2 float64
	const steps = 100000
	for i := 0; i < steps; i++ {
		p := 0.5 + 0.5*(float64(i)+0.5)/steps
		f := math.Exp(smcLogChoose(bb.n, bb.k)+float64(bb.k)*math.Log(p)+float64(bb.n-bb.k)*math.Log1p(-p)+
			(bb.a-1)*math.Log(p)+(bb.b-1)*math.Log1p(-p)-smcLogBeta(bb.a, bb.b)) * 0.5 / steps
		z += f
		m1 += p * f
		m2 += p * p * f
	}
	mu := m1 / z
	var logZ []float64
	for seed := uint64(1); seed <= 12; seed++ {
		res, err := Run(context.Background(), bb.prior(), &Tempering{LogLik: trunc}, Options{Particles: 1000, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		if r := res.Stages[0].ESS / 1000; r > 0.35 {
			t.Errorf("first stage relative ESS %v: expected at most the 31%% of particles above p = 0.5", r)
		}
		smcCheckMoments(t, "truncated p", res, smcP, mu, m2/z-mu*mu)
		logZ = append(logZ, res.LogEvidence)
	}
	smcCheckEvidence(t, "truncated", logZ, math.Log(z))
}
