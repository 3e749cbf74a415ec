package autodiff

import (
	"math/rand/v2"
	"testing"
)

// distBenchLogProb times value + gradient of a compiled f at a random point of
// dimension n and reports the time per parameter.
func distBenchLogProb(b *testing.B, f Func, n int) {
	x := randVec(rand.New(rand.NewPCG(41, 42)), n, -1, 1)
	c, err := Compile(f, x, nil)
	if err != nil {
		b.Fatal(err)
	}
	g := make([]float64, n)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		c.LogProb(g, x)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/param")
}

// A N(0, 1) prior on 100,000 weights: the fused op against the same
// density written with elementwise ops.
func BenchmarkNormalPriorFused(b *testing.B) {
	distBenchLogProb(b, func(t *Tape, x *Var) *Var { return NormalLogPdf(x, t.Scalar(0), t.Scalar(1)) }, 100_000)
}

func BenchmarkNormalPriorUnfused(b *testing.B) {
	distBenchLogProb(b, func(t *Tape, x *Var) *Var {
		return AddConst(Scale(Sum(Square(x)), -0.5), -float64(x.Len())*lpLogSqrt2Pi)
	}, 100_000)
}

// A Gaussian likelihood with a parameter per observation (the MLP's output
// layer): 1,000 observations, fused against unfused.
func BenchmarkNormalLikelihoodFused(b *testing.B) {
	y := randVec(rand.New(rand.NewPCG(43, 44)), 1000, -2, 2)
	distBenchLogProb(b, func(t *Tape, x *Var) *Var {
		return NormalLogPdf(t.Const(y), x.View(0, 1000), Exp(x.View(1000, 1001)))
	}, 1001)
}

func BenchmarkNormalLikelihoodUnfused(b *testing.B) {
	y := randVec(rand.New(rand.NewPCG(43, 44)), 1000, -2, 2)
	distBenchLogProb(b, func(t *Tape, x *Var) *Var {
		logSigma := x.View(1000, 1001)
		z := Div(Sub(t.Const(y), x.View(0, 1000)), Exp(logSigma))
		lp := Scale(Sum(Square(z)), -0.5)
		return Sub(AddConst(lp, -1000*lpLogSqrt2Pi), Scale(Sum(logSigma), 1000))
	}, 1001)
}

// The hierarchical model of the allocation test (Student-t effects).
func BenchmarkDistModel(b *testing.B) {
	y := randVec(rand.New(rand.NewPCG(45, 46)), 100, -2, 2)
	distBenchLogProb(b, distModel(y), 103)
}

// Categorical log-likelihood of 100 rows of 10 logits (an MNIST batch).
func BenchmarkCategoricalLogits(b *testing.B) {
	labels := make([]int, 100)
	for i := range labels {
		labels[i] = i % 10
	}
	distBenchLogProb(b, func(t *Tape, x *Var) *Var { return CategoricalLogitsLogPmf(labels, Reshape(x, 100, 10)) }, 1000)
}

// The general elementwise path: a Student-t likelihood with a location per
// observation and scalar nu and sigma (1,000 observations), and a
// Gamma prior on 1,000 positive parameters.
func BenchmarkStudentTLikelihood(b *testing.B) {
	y := randVec(rand.New(rand.NewPCG(47, 48)), 1000, -2, 2)
	distBenchLogProb(b, func(t *Tape, x *Var) *Var {
		return StudentTLogPdf(t.Const(y), t.Scalar(4), x.View(0, 1000), t.Scalar(1.5))
	}, 1000)
}

func BenchmarkGammaPrior(b *testing.B) {
	distBenchLogProb(b, func(t *Tape, x *Var) *Var {
		return GammaLogPdf(Exp(x), t.Scalar(2), t.Scalar(1))
	}, 1000)
}
