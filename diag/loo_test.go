package diag

import (
	"encoding/csv"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The fixtures in testdata/loo are log-likelihood matrices from fixed-seed
// NUTS runs (gen/main.go) and R loo 2.5.1's results on them
// (make_fixtures.R). R is not needed to run these tests.
const looDir = "testdata/loo"

// readTable reads a CSV with a header into columns by name; "NA" reads as
// NaN and non-numeric cells (model names) go into strs.
func readTable(t testing.TB, name string) (cols map[string][]float64, strs map[string][]string) {
	t.Helper()
	f, err := os.Open(filepath.Join(looDir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cols, strs = map[string][]float64{}, map[string][]string{}
	for _, row := range rows[1:] {
		for j, h := range rows[0] {
			s := strings.TrimSpace(row[j])
			strs[h] = append(strs[h], s)
			v := math.NaN()
			if s != "NA" {
				if v, err = strconv.ParseFloat(s, 64); err != nil {
					v = math.NaN()
				}
			}
			cols[h] = append(cols[h], v)
		}
	}
	return cols, strs
}

// readLogLik reads a fixture matrix (chain, draw, y1..yn) as
// [chain][draw][observation].
func readLogLik(t testing.TB, name string) [][][]float64 {
	t.Helper()
	cols, _ := readTable(t, name+".csv")
	chain := cols["chain"]
	n := len(cols) - 2
	var ll [][][]float64
	for s, c := range chain {
		ci := int(c) - 1
		for len(ll) <= ci {
			ll = append(ll, nil)
		}
		row := make([]float64, n)
		for i := range row {
			row[i] = cols["y"+strconv.Itoa(i+1)][s]
		}
		ll[ci] = append(ll[ci], row)
	}
	return ll
}

// relClose reports whether got equals want to relative tolerance tol (absolute
// below 1), treating NaN as equal to NaN.
func relClose(got, want, tol float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= tol*max(1, math.Abs(want))
}

// worstRel is the largest relative difference from R seen by checkClose,
// logged by the fixture tests (go test -v).
var worstRel, worstK float64

func checkClose(t *testing.T, what string, got, want, tol float64) {
	t.Helper()
	if !math.IsNaN(want) {
		worstRel = max(worstRel, math.Abs(got-want)/max(1, math.Abs(want)))
	}
	if !relClose(got, want, tol) {
		t.Errorf("%s = %.12g, R loo %.12g (tolerance %g)", what, got, want, tol)
	}
}

var looFixtures = []struct {
	name  string
	highK []int // observations with k̂ > 0.7 in R's result
}{
	{"eight_schools", []int{1}},
	{"eight_schools_pooled", nil},
	{"outlier_normal", []int{16}},
	{"outlier_student", nil},
}

func TestLOOMatchesR(t *testing.T) {
	const tol, ktol = 1e-6, 1e-3
	for _, fx := range looFixtures {
		t.Run(fx.name, func(t *testing.T) {
			ll := readLogLik(t, fx.name)
			r, err := LOO(ll, nil)
			if err != nil {
				t.Fatal(err)
			}
			pw, _ := readTable(t, fx.name+".loo.csv")
			for i := range r.Obs {
				checkClose(t, "r_eff", r.RelEff[i], pw["r_eff"][i], tol)
				checkClose(t, "elpd_loo_i", r.PointwiseELPD[i], pw["elpd_loo"][i], tol)
				checkClose(t, "p_loo_i", r.PointwiseP[i], pw["p_loo"][i], tol)
				checkClose(t, "mcse_elpd_loo_i", r.PointwiseMCSE[i], pw["mcse_elpd_loo"][i], tol)
				checkClose(t, "n_eff_i", r.NEff[i], pw["n_eff"][i], tol)
				d := math.Abs(r.ParetoK[i] - pw["influence_pareto_k"][i])
				worstK = max(worstK, d)
				if !(d <= ktol) {
					t.Errorf("k̂[%d] = %.6f, R loo %.6f", i+1, r.ParetoK[i], pw["influence_pareto_k"][i])
				}
			}
			est, names := readTable(t, fx.name+".est.csv")
			e := map[string][2]float64{}
			for j, q := range names["quantity"] {
				e[q] = [2]float64{est["estimate"][j], est["se"][j]}
			}
			checkClose(t, "elpd_loo", r.ELPD, e["elpd_loo"][0], tol)
			checkClose(t, "se_elpd_loo", r.SE, e["elpd_loo"][1], tol)
			checkClose(t, "p_loo", r.P, e["p_loo"][0], tol)
			checkClose(t, "se_p_loo", r.SEP, e["p_loo"][1], tol)
			checkClose(t, "looic", r.LOOIC, e["looic"][0], tol)
			checkClose(t, "se_looic", r.SELOOIC, e["looic"][1], tol)
			checkClose(t, "mcse_elpd_loo", r.MCSE, e["mcse_elpd_loo"][0], tol)

			if len(r.HighK) != len(fx.highK) {
				t.Fatalf("HighK = %v, want %v", r.HighK, fx.highK)
			}
			for j := range r.HighK {
				if r.HighK[j] != fx.highK[j] {
					t.Fatalf("HighK = %v, want %v", r.HighK, fx.highK)
				}
			}
			if (r.Warning != "") != (len(fx.highK) > 0) || !strings.Contains(r.String(), r.Warning) {
				t.Errorf("warning %q for high k̂ %v", r.Warning, fx.highK)
			}

			w, err := WAIC(ll)
			if err != nil {
				t.Fatal(err)
			}
			wp, _ := readTable(t, fx.name+".waic.csv")
			for i := range w.Obs {
				checkClose(t, "elpd_waic_i", w.PointwiseELPD[i], wp["elpd_waic"][i], tol)
				checkClose(t, "p_waic_i", w.PointwiseP[i], wp["p_waic"][i], tol)
			}
			checkClose(t, "elpd_waic", w.ELPD, e["elpd_waic"][0], tol)
			checkClose(t, "se_elpd_waic", w.SE, e["elpd_waic"][1], tol)
			checkClose(t, "p_waic", w.P, e["p_waic"][0], tol)
			checkClose(t, "se_p_waic", w.SEP, e["p_waic"][1], tol)
			checkClose(t, "waic", w.WAIC, e["waic"][0], tol)
			checkClose(t, "se_waic", w.SEWAIC, e["waic"][1], tol)
		})
	}
}

// The outlier's k̂ is above 0.7: the warning names it (1-based) and the
// Monte Carlo SE is NaN, as R's loo reports NA.
func TestLOOWarnsHighK(t *testing.T) {
	r, err := LOO(readLogLik(t, "outlier_normal"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.ParetoK[16] <= KHatThreshold || !math.IsNaN(r.MCSE) {
		t.Fatalf("k̂[17] = %v, MCSE = %v", r.ParetoK[16], r.MCSE)
	}
	if !strings.Contains(r.Warning, "(observation 17)") {
		t.Errorf("warning %q does not name observation 17", r.Warning)
	}
}

func TestCompareLOOMatchesR(t *testing.T) {
	const tol = 1e-6
	for _, pair := range [][2]string{{"eight_schools", "eight_schools_pooled"}, {"outlier_normal", "outlier_student"}} {
		var loos []*LOOResult
		for _, name := range pair {
			r, err := LOO(readLogLik(t, name), nil)
			if err != nil {
				t.Fatal(err)
			}
			loos = append(loos, r)
		}
		c, err := CompareLOO(pair[:], loos)
		if err != nil {
			t.Fatal(err)
		}
		want, models := readTable(t, pair[0]+"-vs-"+pair[1]+".compare.csv")
		for j, row := range c.Rows {
			if row.Name != models["model"][j] {
				t.Fatalf("%v: row %d is %s, R loo_compare has %s", pair, j, row.Name, models["model"][j])
			}
			checkClose(t, row.Name+" elpd_diff", row.ELPDDiff, want["elpd_diff"][j], tol)
			checkClose(t, row.Name+" se_diff", row.SEDiff, want["se_diff"][j], tol)
			checkClose(t, row.Name+" elpd_loo", row.LOO.ELPD, want["elpd_loo"][j], tol)
			checkClose(t, row.Name+" se_elpd_loo", row.LOO.SE, want["se_elpd_loo"][j], tol)
		}
		t.Logf("largest relative difference from R so far: %.3g, of k̂ %.3g", worstRel, worstK)
		if !strings.Contains(c.String(), c.Rows[1].Name) {
			t.Errorf("String() lacks %s:\n%s", c.Rows[1].Name, c)
		}
	}
}

func TestLOOBadInput(t *testing.T) {
	good := func() [][][]float64 {
		ll := make([][][]float64, 2)
		for c := range ll {
			for d := range 5 {
				ll[c] = append(ll[c], []float64{-1 - 0.1*float64(d), -2 + 0.05*float64(c+d)})
			}
		}
		return ll
	}
	cases := []struct {
		name  string
		ll    func() [][][]float64
		want  string
		isErr error
	}{
		{"no chains", func() [][][]float64 { return nil }, "0 chains", ErrNoChains},
		{"ragged chains", func() [][][]float64 { ll := good(); ll[1] = ll[1][:3]; return ll }, "chain 1 has 3 draws", ErrRaggedChains},
		{"one draw", func() [][][]float64 { return [][][]float64{{{-1, -2}}} }, "1 draws in all", ErrTooFewDraws},
		{"no observations", func() [][][]float64 { return [][][]float64{{{}, {}}} }, "0 observations", nil},
		{"ragged draws", func() [][][]float64 { ll := good(); ll[1][2] = ll[1][2][:1]; return ll }, "chain 1 draw 2 has 1 observations", nil},
		{"NaN", func() [][][]float64 { ll := good(); ll[0][4][1] = math.NaN(); return ll }, "chain 0 draw 4 observation 1 is NaN", ErrNonFinite},
		{"-Inf", func() [][][]float64 { ll := good(); ll[1][0][0] = math.Inf(-1); return ll }, "is -Inf", ErrNonFinite},
	}
	for _, tc := range cases {
		_, err1 := LOO(tc.ll(), nil)
		_, err2 := WAIC(tc.ll())
		for _, err := range []error{err1, err2} {
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.isErr != nil && !errors.Is(err, tc.isErr)) {
				t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
			}
		}
	}
	if _, err := LOO(good(), &LOOOptions{RelEff: []float64{1}}); err == nil || !strings.Contains(err.Error(), "1 relative efficiencies for 2 observations") {
		t.Errorf("wrong RelEff length: %v", err)
	}
	if _, err := LOO(good(), &LOOOptions{RelEff: []float64{1, math.NaN()}}); err == nil || !strings.Contains(err.Error(), "observation 1 is NaN") {
		t.Errorf("NaN RelEff: %v", err)
	}
	r, err := LOO(good(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := CompareLOO([]string{"a"}, []*LOOResult{r}); err == nil {
		t.Error("CompareLOO of one model: no error")
	}
	if _, err := CompareLOO([]string{"a", "a"}, []*LOOResult{r, r}); err == nil || !strings.Contains(err.Error(), `both named "a"`) {
		t.Errorf("duplicate names: %v", err)
	}
	other := &LOOResult{PointwiseELPD: []float64{-1}}
	if _, err := CompareLOO([]string{"a", "b"}, []*LOOResult{r, other}); err == nil || !strings.Contains(err.Error(), `model "b" has 1 observations`) {
		t.Errorf("different observations: %v", err)
	}
	if _, err := CompareLOO([]string{"a", "b"}, []*LOOResult{r, nil}); err == nil {
		t.Error("nil result: no error")
	}
	if _, _, err := PSIS([]float64{1}, 1); !errors.Is(err, ErrTooFewDraws) {
		t.Errorf("PSIS of one ratio: %v", err)
	}
	if _, _, err := PSIS([]float64{1, 2}, 0); err == nil {
		t.Error("PSIS with r_eff 0: no error")
	}
}

// The generalized Pareto fit recovers the shape of exact GPD draws: 20,000
// draws with k = 0.5, σ = 1 give k̂ within 4 standard errors
// (asymptotically (1+k)/√n) of 0.5 once the prior's shrinkage is undone.
func TestGPDFitRecoversShape(t *testing.T) {
	const n, k, sigma = 20000, 0.5, 1.0
	x := make([]float64, n)
	for i := range x {
		// Quantiles at (i+½)/n: a deterministic, exactly GPD sample.
		x[i] = gpdQuantile((float64(i)+0.5)/n, k, sigma)
	}
	var w gpdWork
	kh, sh := w.fit(x)
	kRaw := (kh*(n+10) - 10*0.5) / n
	se := (1 + k) / math.Sqrt(n)
	if math.Abs(kRaw-k) > 4*se || math.Abs(sh-sigma) > 0.05 {
		t.Errorf("k̂ = %.4f (raw %.4f), σ̂ = %.4f; want k = %g ± %.4f, σ = %g", kh, kRaw, sh, k, 4*se, sigma)
	}
}

// Shifting an observation's log-likelihood by a constant c shifts its
// elpd_loo by c and changes nothing else (k̂, p_loo, r_eff, MCSE), even where
// exp(ll) over- or underflows (c = ±1000), where R's loo gives NaN.
func TestLOOShiftInvariance(t *testing.T) {
	base := readLogLik(t, "eight_schools")
	r0, err := LOO(base, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []float64{1000, -1000} {
		ll := make([][][]float64, len(base))
		for ch := range base {
			for _, row := range base[ch] {
				row = append([]float64(nil), row...)
				row[3] += c
				ll[ch] = append(ll[ch], row)
			}
		}
		r, err := LOO(ll, nil)
		if err != nil {
			t.Fatal(err)
		}
		for i := range r.Obs {
			shift := 0.0
			if i == 3 {
				shift = c
			}
			if d := math.Abs(r.PointwiseELPD[i] - r0.PointwiseELPD[i] - shift); d > 1e-9 {
				t.Errorf("c = %v: elpd_loo[%d] moved by %v more than c", c, i, d)
			}
			for _, q := range [][2]float64{{r.ParetoK[i], r0.ParetoK[i]}, {r.PointwiseP[i], r0.PointwiseP[i]},
				{r.RelEff[i], r0.RelEff[i]}, {r.PointwiseMCSE[i], r0.PointwiseMCSE[i]}} {
				if !relClose(q[0], q[1], 1e-9) {
					t.Errorf("c = %v: observation %d: %v, unshifted %v", c, i, q[0], q[1])
				}
			}
		}
	}
}

// PSIS on one observation's negated log-likelihood gives the weights LOO
// uses: normalized, and reproducing R's elpd_loo and k̂ for it.
func TestPSISMatchesLOO(t *testing.T) {
	ll := readLogLik(t, "outlier_normal")
	pw, _ := readTable(t, "outlier_normal.loo.csv")
	d, err := newLogLik("test", ll)
	if err != nil {
		t.Fatal(err)
	}
	col := make([]float64, d.S)
	for _, i := range []int{0, 16} {
		d.column(col, i)
		lr := make([]float64, len(col))
		for s, v := range col {
			lr[s] = -v
		}
		lw, k, err := PSIS(lr, pw["r_eff"][i])
		if err != nil {
			t.Fatal(err)
		}
		if z := logSumExp(lw); math.Abs(z) > 1e-12 {
			t.Errorf("observation %d: log Σ w = %g, want 0", i+1, z)
		}
		for s := range lw {
			lw[s] += col[s]
		}
		checkClose(t, "elpd_loo_i via PSIS", logSumExp(lw), pw["elpd_loo"][i], 1e-6)
		checkClose(t, "k̂ via PSIS", k, pw["influence_pareto_k"][i], 1e-3)
	}
}
