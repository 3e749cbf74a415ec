package diag

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// naiveESS is a direct transcription of posterior 0.0.x's ess on split
// chains y (chain × draw), with O(n²) autocovariances: the reference the
// fast code must reproduce to rounding.
func naiveESS(y [][]float64) float64 {
	m, h := len(y), len(y[0])
	acov := make([][]float64, m)
	means := make([]float64, m)
	for c, yc := range y {
		var mu float64
		for _, v := range yc {
			mu += v
		}
		mu /= float64(h)
		means[c] = mu
		acov[c] = make([]float64, h)
		for l := range h {
			var s float64
			for i := 0; i+l < h; i++ {
				s += (yc[i] - mu) * (yc[i+l] - mu)
			}
			acov[c][l] = s / float64(h)
		}
	}
	meanAcov := func(l int) float64 {
		var s float64
		for c := range m {
			s += acov[c][l]
		}
		return s / float64(m)
	}
	fh := float64(h)
	meanVar := meanAcov(0) * fh / (fh - 1)
	varPlus := meanVar*(fh-1)/fh + variance(means)
	rho := make([]float64, h)
	t := 0
	even, odd := 1.0, 1-(meanVar-meanAcov(1))/varPlus
	rho[0], rho[1] = even, odd
	for t < h-5 && even+odd > 0 {
		t += 2
		even = 1 - (meanVar-meanAcov(t))/varPlus
		odd = 1 - (meanVar-meanAcov(t+1))/varPlus
		if even+odd >= 0 {
			rho[t], rho[t+1] = even, odd
		}
	}
	maxT := t
	if even > 0 {
		rho[maxT] = even
	}
	for t = 2; t <= maxT-2; t += 2 {
		if rho[t]+rho[t+1] > rho[t-2]+rho[t-1] {
			rho[t] = (rho[t-2] + rho[t-1]) / 2
			rho[t+1] = rho[t]
		}
	}
	tau := -1 + rho[maxT]
	for _, v := range rho[:maxT] {
		tau += 2 * v
	}
	n := float64(m * h)
	return n / max(tau, 1/math.Log10(n))
}

// splitNaive splits chains in halves, dropping the middle draw of odd chains.
func splitNaive(x [][]float64) [][]float64 {
	n := len(x[0])
	h := n / 2
	var out [][]float64
	for _, xc := range x {
		out = append(out, xc[:h])
	}
	for _, xc := range x {
		out = append(out, xc[n-h:])
	}
	return out
}

// TestESSMatchesNaive checks the lag-by-lag and the FFT autocovariance paths
// and the bitset path for indicators against naiveESS: strongly
// autocorrelated chains need more lags than directLagCap and use the FFT.
func TestESSMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, tc := range []struct {
		chains, draws int
		rho           float64
	}{
		{4, 1001, 0}, {2, 2000, 0.5}, {3, 2000, 0.95}, {1, 4001, 0.99}, {4, 600, -0.6},
	} {
		x := ar1Chains(rng, tc.chains, tc.draws, tc.rho)
		want := naiveESS(splitNaive(x))
		got, err := ESS(x)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got/want-1) > 1e-9 {
			t.Errorf("%+v: ESS %.12g, naive %.12g", tc, got, want)
		}
		// The indicator path (tail ESS) against the float path.
		q := pooledSorted(x)[tc.chains*tc.draws/3]
		ind := make([][]float64, len(x))
		for c, xc := range x {
			ind[c] = make([]float64, len(xc))
			for i, v := range xc {
				if v <= q {
					ind[c][i] = 1
				}
			}
		}
		w := new(work)
		w.load(x)
		// quantileSorted at p picks q exactly when (n−1)·p hits its index.
		p := float64(tc.chains*tc.draws/3) / float64(tc.chains*tc.draws-1)
		gotI := w.essQuantile(p)
		wantI := naiveESS(splitNaive(ind))
		if math.Abs(gotI/wantI-1) > 1e-9 {
			t.Errorf("%+v: indicator ESS %.12g, naive %.12g", tc, gotI, wantI)
		}
	}
}

// TestESSAR1 checks ESS against the known autocorrelation time of AR(1)
// chains, (1 − rho)/(1 + rho)·n, within 10 %; with 4 × 50,000 draws the
// relative standard error of the estimate is at most about 2.5 % (rho = 0.9,
// Geyer's window of a few autocorrelation times), so 10 % is 4 standard errors.
func TestESSAR1(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	const chains, draws = 4, 50_000
	for _, rho := range []float64{0, 0.5, 0.9, -0.3} {
		x := ar1Chains(rng, chains, draws, rho)
		want := (1 - rho) / (1 + rho) * chains * draws
		for name, f := range map[string]func([][]float64) (float64, error){"ESS": ESS, "ESSBulk": ESSBulk} {
			got, err := f(x)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(got/want-1) > 0.1 {
				t.Errorf("rho=%v: %s %.0f, want %.0f ± 10%%", rho, name, got, want)
			}
		}
	}
}

// TestRHat checks that R-hat is near 1 for mixed chains and flags chains
// with shifted means (all R-hats) and with unequal scales (only the folded,
// rank-normalized R-hat).
func TestRHat(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const chains, draws = 4, 1000
	mixed := ar1Chains(rng, chains, draws, 0.3)
	r, err := RHat(mixed)
	if err != nil {
		t.Fatal(err)
	}
	// For mixed chains R-hat − 1 is O(1/draws); 1.01 is the usual threshold.
	if r > 1.01 {
		t.Errorf("mixed chains: R-hat %v > 1.01", r)
	}
	shifted := ar1Chains(rng, chains, draws, 0.3)
	for i := range shifted[0] {
		shifted[0][i] += 2 // one chain two sd away: R-hat ≈ 1.36 (BDA3 eq. 11.4)
	}
	for name, f := range map[string]func([][]float64) (float64, error){"RHat": RHat, "SplitRHat": SplitRHat} {
		r, err := f(shifted)
		if err != nil {
			t.Fatal(err)
		}
		if r < 1.1 {
			t.Errorf("shifted means: %s %v < 1.1", name, r)
		}
	}
	scaled := ar1Chains(rng, chains, draws, 0)
	for i := range scaled[0] {
		scaled[0][i] *= 4
	}
	r, _ = RHat(scaled)
	classic, _ := SplitRHat(scaled)
	if r < 1.1 {
		t.Errorf("unequal scales: RHat %v < 1.1", r)
	}
	if classic > 1.05 {
		t.Errorf("unequal scales: SplitRHat %v, want about 1 (it cannot see scale)", classic)
	}
	// A trend within chains is caught by splitting.
	trend := ar1Chains(rng, chains, draws, 0)
	for c := range trend {
		for i := range trend[c] {
			trend[c][i] += 3 * float64(i) / draws
		}
	}
	if r, _ := RHat(trend); r < 1.1 {
		t.Errorf("trend: RHat %v < 1.1", r)
	}
}

// TestBadInput checks the errors and NaNs of the package documentation.
func TestBadInput(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	good := ar1Chains(rng, 2, 100, 0)
	nan := ar1Chains(rng, 2, 100, 0)
	nan[1][50] = math.NaN()
	inf := ar1Chains(rng, 2, 100, 0)
	inf[0][3] = math.Inf(-1)
	constant := [][]float64{{2, 2, 2, 2, 2, 2}, {2, 2, 2, 2, 2, 2}}
	cases := []struct {
		name string
		x    [][]float64
		want error
	}{
		{"no chains", nil, ErrNoChains},
		{"3 draws", [][]float64{{1, 2, 3}, {1, 2, 3}}, ErrTooFewDraws},
		{"ragged", [][]float64{good[0], good[1][:99]}, ErrRaggedChains},
		{"NaN", nan, ErrNonFinite},
		{"Inf", inf, ErrNonFinite},
		{"constant", constant, ErrConstant},
	}
	funcs := map[string]func([][]float64) (float64, error){
		"RHat": RHat, "SplitRHat": SplitRHat, "ESS": ESS, "ESSBulk": ESSBulk, "ESSTail": ESSTail,
		"ESSSD": ESSSD, "MCSEMean": MCSEMean, "MCSESD": MCSESD,
		"ESSQuantile":  func(x [][]float64) (float64, error) { return ESSQuantile(x, 0.5) },
		"MCSEQuantile": func(x [][]float64) (float64, error) { return MCSEQuantile(x, 0.5) },
	}
	for _, tc := range cases {
		for name, f := range funcs {
			v, err := f(tc.x)
			if !errors.Is(err, tc.want) {
				t.Errorf("%s(%s): error %v, want %v", name, tc.name, err, tc.want)
			}
			if !math.IsNaN(v) {
				t.Errorf("%s(%s) = %v, want NaN", name, tc.name, v)
			}
		}
	}
	// R-hat needs 4 draws; effective sample sizes need 3 per split half.
	four := [][]float64{{1, 2, 3, 4}, {2, 3, 4, 1}}
	if _, err := RHat(four); err != nil {
		t.Errorf("RHat of 4 draws: %v", err)
	}
	if _, err := ESS(four); !errors.Is(err, ErrTooFewDraws) {
		t.Errorf("ESS of 4 draws: error %v, want ErrTooFewDraws", err)
	}
	if _, err := ESSQuantile(good, 1.5); err == nil {
		t.Error("ESSQuantile(p=1.5): no error")
	}
}

// TestMCSE checks the Monte Carlo standard errors of independent N(0, 1)
// draws against theory: 1/√n for the mean, 1/√(2n) for the sd and
// √(p(1−p)/n)/φ(q) for the p-quantile. The mean and sd MCSEs err only
// through the ESS estimate (about 1 % here), so 5 % is 4 standard errors.
// The quantile MCSE is half the distance between two order statistics
// k ≈ 2√(p(1−p)n) ranks apart, whose relative standard error is about
// 1/√k; the tolerance is 4/√k.
func TestMCSE(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	const chains, draws = 4, 100_000
	x := ar1Chains(rng, chains, draws, 0)
	n := float64(chains * draws)
	check := func(name string, got, want, tol float64) {
		t.Helper()
		if math.Abs(got/want-1) > tol {
			t.Errorf("%s: %.5g, want %.5g ± %.0f%%", name, got, want, 100*tol)
		}
	}
	m, _ := MCSEMean(x)
	check("MCSEMean", m, 1/math.Sqrt(n), 0.05)
	s, _ := MCSESD(x)
	check("MCSESD", s, 1/math.Sqrt(2*n), 0.05)
	for _, p := range []float64{0.05, 0.5, 0.9} {
		q := math.Sqrt2 * math.Erfinv(2*p-1)
		phi := math.Exp(-q*q/2) / math.Sqrt(2*math.Pi)
		got, _ := MCSEQuantile(x, p)
		k := 2 * math.Sqrt(p*(1-p)*n)
		check(fmt.Sprintf("MCSEQuantile(%v)", p), got, math.Sqrt(p*(1-p)/n)/phi, 4/math.Sqrt(k))
	}
}

// TestAutocovariance checks the FFT autocovariance against the direct sum
// Σᵢ (xᵢ − x̄)(xᵢ₊ₗ − x̄)/n for a length with a prime factor above 5 (so the
// FFT is padded) and the autocorrelation's lag 0.
func TestAutocovariance(t *testing.T) {
	x := ar1Chains(rand.New(rand.NewPCG(23, 24)), 1, 1009, 0.7)[0]
	got := Autocovariance(nil, x)
	n := len(x)
	var mu float64
	for _, v := range x {
		mu += v
	}
	mu /= float64(n)
	for l := range n {
		var s float64
		for i := 0; i+l < n; i++ {
			s += (x[i] - mu) * (x[i+l] - mu)
		}
		if want := s / float64(n); math.Abs(got[l]-want) > 1e-12 {
			t.Fatalf("lag %d: %v, want %v", l, got[l], want)
		}
	}
	r := Autocorrelation(nil, x)
	if r[0] != 1 || math.Abs(r[1]-got[1]/got[0]) > 1e-15 {
		t.Errorf("autocorrelation: r[0] = %v, r[1] = %v", r[0], r[1])
	}
	if c := Autocorrelation(nil, []float64{3, 3, 3}); !math.IsNaN(c[0]) {
		t.Errorf("constant: %v, want NaN", c)
	}
}
