package diag

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func normalDraws(seed uint64, n int, mu, sigma float64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 99))
	x := make([]float64, n)
	for i := range x {
		x[i] = mu + sigma*rng.NormFloat64()
	}
	return x
}

// TestKS checks the Kolmogorov–Smirnov statistics: draws of the funnel's
// v ~ N(0, 3²) against the right CDF have D of order 1/√n (the 99.99 %
// point of the Kolmogorov distribution is 2.2/√n, and KSPValue is not
// tiny), against a shifted CDF D is near the largest CDF gap. The
// two-sample statistic of two samples from one distribution is small too.
func TestKS(t *testing.T) {
	const n = 10_000
	v := normalDraws(1, n, 0, 3)
	ref := distuv.Normal{Mu: 0, Sigma: 3}
	d := KSStatistic(v, ref.CDF)
	if d > 2.2/math.Sqrt(n) {
		t.Errorf("right CDF: D = %v > %v", d, 2.2/math.Sqrt(n))
	}
	if p := KSPValue(d, n); p < 1e-4 {
		t.Errorf("right CDF: p-value %v", p)
	}
	// N(0.75, 3²) against N(0, 3²): the CDFs differ by at most
	// 2Φ(0.125) − 1 = 0.0995 (at x = 0.375).
	shifted := distuv.Normal{Mu: 0.75, Sigma: 3}
	ds := KSStatistic(v, shifted.CDF)
	if math.Abs(ds-0.0995) > 2.2/math.Sqrt(n) {
		t.Errorf("shifted CDF: D = %v, want 0.0995", ds)
	}
	if p := KSPValue(ds, n); p > 1e-6 {
		t.Errorf("shifted CDF: p-value %v", p)
	}
	w := normalDraws(2, n/2, 0, 3)
	// two samples: effective size n₁n₂/(n₁+n₂)
	ne := float64(n) * n / 2 / (n + n/2)
	if d2 := KSTwoSample(v, w); d2 > 2.2/math.Sqrt(ne) {
		t.Errorf("two samples: D = %v > %v", d2, 2.2/math.Sqrt(ne))
	}
	if d2 := KSTwoSample([]float64{1, 2, 3}, []float64{4, 5}); d2 != 1 {
		t.Errorf("disjoint samples: D = %v, want 1", d2)
	}
	if !math.IsNaN(KSStatistic(nil, ref.CDF)) || !math.IsNaN(KSTwoSample([]float64{math.NaN()}, v)) {
		t.Error("empty or NaN input: want NaN")
	}
}

// TestKLDivergence checks the binned KL estimator: for draws from the
// reference it is about its bias (bins − 1)/(2n) and below 4 times that; for
// N(1, 1) draws against N(0, 1) it is near the true 0.5, within the binning
// loss and the noise.
func TestKLDivergence(t *testing.T) {
	const n = 100_000
	ref := distuv.UnitNormal
	kl, err := KLDivergence(normalDraws(3, n, 0, 1), ref.CDF, 0)
	if err != nil {
		t.Fatal(err)
	}
	bins := DefaultKLBins(n)
	bias := float64(bins-1) / (2 * n)
	if kl > 4*bias {
		t.Errorf("same distribution: KL %v > 4·bias %v", kl, 4*bias)
	}
	// True KL(N(1,1) ‖ N(0,1)) = 1/2. With 200 equal-probability bins the
	// binning loses about 1 %; the sampling standard error is
	// √(Var log-ratio / n) = √(1/n) ≈ 0.003.
	kl, _ = KLDivergence(normalDraws(4, n, 1, 1), ref.CDF, 200)
	if math.Abs(kl-0.5) > 0.02 {
		t.Errorf("N(1,1) vs N(0,1): KL %v, want 0.5", kl)
	}
	if _, err := KLDivergence(nil, ref.CDF, 0); err == nil {
		t.Error("no draws: no error")
	}
	if _, err := KLDivergence([]float64{math.NaN()}, ref.CDF, 0); err == nil {
		t.Error("NaN draw: no error")
	}
}

// TestCheckMean checks the MCSE rule.
func TestCheckMean(t *testing.T) {
	if c := CheckMean(1.0, 0.03, 1.1, 0.04, 4); !c.OK || math.Abs(c.Z-2) > 1e-12 {
		t.Errorf("|0.1| / 0.05 = 2 < 4: %+v", c)
	}
	if c := CheckMean(1.0, 0.03, 1.3, 0.04, 4); c.OK {
		t.Errorf("|0.3| / 0.05 = 6 > 4: %+v", c)
	}
	if c := CheckMean(math.NaN(), 0.03, 1.3, 0.04, 4); c.OK {
		t.Errorf("NaN mean: %+v", c)
	}
}

// TestKSPValue checks the Kolmogorov distribution at its tabulated 5 % and
// 1 % points, λ = 1.3581 and 1.6276, for large n (where Stephens' correction
// vanishes).
func TestKSPValue(t *testing.T) {
	const n = 1e8
	for _, c := range []struct{ lambda, p float64 }{{1.3581, 0.05}, {1.6276, 0.01}} {
		if got := KSPValue(c.lambda/math.Sqrt(n), n); math.Abs(got-c.p) > 2e-4 {
			t.Errorf("λ = %v: p = %v, want %v", c.lambda, got, c.p)
		}
	}
	if KSPValue(0, 100) != 1 || !math.IsNaN(KSPValue(0.1, 0)) {
		t.Error("edge cases")
	}
}
