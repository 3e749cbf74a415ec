package diag

import (
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// fakeRun is a Chains with sampler statistics.
type fakeRun struct {
	Draws
	stats map[string][][]float64
}

func (r *fakeRun) Stat(name string) [][]float64 { return r.stats[name] }

var _ StatSource = (*fakeRun)(nil)

func newFakeRun(seed uint64) *fakeRun {
	rng := rand.New(rand.NewPCG(seed, 1))
	const chains, draws = 4, 500
	r := &fakeRun{Draws: Draws{Names: []string{"mu", "sigma<1>", "stuck", "flat"}}}
	r.Values = append(r.Values, ar1Chains(rng, chains, draws, 0.2))
	sigma := ar1Chains(rng, chains, draws, 0.2)
	for _, c := range sigma {
		for i := range c {
			c[i] = math.Exp(c[i])
		}
	}
	r.Values = append(r.Values, sigma)
	stuck := ar1Chains(rng, chains, draws, 0.2)
	for i := range stuck[3] {
		stuck[3][i] += 3
	}
	r.Values = append(r.Values, stuck)
	flat := make([][]float64, chains)
	for c := range flat {
		flat[c] = make([]float64, draws)
	}
	r.Values = append(r.Values, flat)
	div := make([][]float64, chains)
	depth := make([][]float64, chains)
	for c := range chains {
		div[c] = make([]float64, draws)
		depth[c] = make([]float64, draws)
		for i := range depth[c] {
			depth[c][i] = 3
		}
	}
	div[1][7], div[2][100] = 1, 1
	depth[0][9] = 10
	energy := ar1Chains(rng, chains-1, draws, 0)
	energy = append(energy, ar1Chains(rng, 1, draws, 0.95)...)
	r.stats = map[string][][]float64{"divergent__": div, "treedepth__": depth, "energy__": energy}
	return r
}

// TestSummarize checks the table against the single-parameter functions,
// the run's warnings and the independence from the number of goroutines.
func TestSummarize(t *testing.T) {
	run := newFakeRun(21)
	s, err := Summarize(run, &SummaryOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	s3, err := Summarize(run, &SummaryOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if s.String() != s3.String() || s.HTML() != s3.HTML() {
		t.Error("summary depends on the number of workers")
	}
	for j, p := range s.Params[:3] {
		x := run.Values[j]
		for name, pair := range map[string][2]float64{
			"RHat":     {p.RHat, must(RHat(x))},
			"ESSBulk":  {p.ESSBulk, must(ESSBulk(x))},
			"ESSTail":  {p.ESSTail, must(ESSTail(x))},
			"MCSEMean": {p.MCSEMean, must(MCSEMean(x))},
			"MCSESD":   {p.MCSESD, must(MCSESD(x))},
		} {
			if math.Abs(pair[0]-pair[1]) > 1e-12*math.Abs(pair[1]) {
				t.Errorf("%s: summary %s %v, function %v", p.Name, name, pair[0], pair[1])
			}
		}
		q, _ := Quantiles(nil, x, s.Probs)
		if !reflect.DeepEqual(q, p.Quantiles) {
			t.Errorf("%s: quantiles %v, want %v", p.Name, p.Quantiles, q)
		}
	}
	if p, ok := s.Param("sigma<1>"); !ok || p.Name != "sigma<1>" {
		t.Error("Param(sigma<1>) not found")
	}
	if _, ok := s.Param("nope"); ok {
		t.Error("Param(nope) found")
	}
	flat := s.Params[3]
	if !errors.Is(flat.Err, ErrConstant) || !math.IsNaN(flat.RHat) || flat.Mean != 0 || flat.SD != 0 {
		t.Errorf("constant parameter: %+v", flat)
	}
	if s.Params[2].RHat < 1.1 {
		t.Errorf("stuck chain: R-hat %v", s.Params[2].RHat)
	}
	if !reflect.DeepEqual(s.Divergent, []int{0, 1, 1, 0}) || !reflect.DeepEqual(s.TreeDepthSaturated, []int{1, 0, 0, 0}) {
		t.Errorf("divergent %v, tree depth %v", s.Divergent, s.TreeDepthSaturated)
	}
	if len(s.EBFMI) != 4 || s.EBFMI[3] > 0.3 || s.EBFMI[0] < 1 {
		t.Errorf("E-BFMI %v, want chains 0-2 near 2 and chain 3 near 0.1", s.EBFMI)
	}
	text := s.String()
	for _, want := range []string{"2 of 2000 transitions", "maximum tree depth 10", "chain 4 has E-BFMI",
		"R-hat above 1.01 for stuck", "diagnostics undefined for flat", "sigma<1>", "ess_bulk", "hdi90_lo"} {
		if !strings.Contains(text, want) {
			t.Errorf("text summary lacks %q:\n%s", want, text)
		}
	}
	h := s.HTML()
	for _, want := range []string{"<style>", "<table>", "sigma&lt;1&gt;", `class="bad"`, "<li>"} {
		if !strings.Contains(h, want) {
			t.Errorf("HTML summary lacks %q", want)
		}
	}
	if strings.Contains(h, "sigma<1>") {
		t.Error("HTML summary does not escape names")
	}
}

func must(v float64, err error) float64 {
	if err != nil {
		panic(err)
	}
	return v
}

// TestSummarizeBadInput checks that structural problems are errors.
func TestSummarizeBadInput(t *testing.T) {
	if _, err := Summarize(&Draws{}, nil); !errors.Is(err, ErrNoChains) {
		t.Errorf("empty: %v", err)
	}
	short := &Draws{Names: []string{"a"}, Values: [][][]float64{{{1, 2, 3, 4, 5}}}}
	if _, err := Summarize(short, nil); !errors.Is(err, ErrTooFewDraws) {
		t.Errorf("5 draws: %v", err)
	}
	ragged := &Draws{Names: []string{"a"}, Values: [][][]float64{{{1, 2, 3, 4, 5, 6, 7}, {1, 2, 3, 4, 5, 6}}}}
	if _, err := Summarize(ragged, nil); !errors.Is(err, ErrRaggedChains) {
		t.Errorf("ragged: %v", err)
	}
	nan := &Draws{Names: []string{"a"}, Values: [][][]float64{{{1, 2, 3, math.NaN(), 5, 6}}}}
	s, err := Summarize(nan, nil)
	if err != nil || !errors.Is(s.Params[0].Err, ErrNonFinite) || !math.IsNaN(s.Params[0].Mean) {
		t.Errorf("NaN draw: %v, %+v", err, s)
	}
	if _, err := Summarize(newFakeRun(1), &SummaryOptions{HDIMass: 2}); err == nil {
		t.Error("HDI mass 2: no error")
	}
	// Inputs long enough for the radix sort, which Summarize checks after
	// loading: ±Inf, NaN, constant, and +0 with −0 (equal, so constant).
	long := func(f func(c, i int) float64) [][]float64 {
		x := make([][]float64, 4)
		for c := range x {
			x[c] = make([]float64, 300)
			for i := range x[c] {
				x[c][i] = f(c, i)
			}
		}
		return x
	}
	bad := &Draws{Names: []string{"inf", "nan", "const", "zeros", "ok"}, Values: [][][]float64{
		long(func(c, i int) float64 {
			if c == 3 && i == 299 {
				return math.Inf(-1)
			}
			return float64(c*300 + i)
		}),
		long(func(c, i int) float64 {
			if c == 2 && i == 100 {
				return math.NaN()
			}
			return float64(i)
		}),
		long(func(c, i int) float64 { return 2.5 }),
		long(func(c, i int) float64 { return math.Copysign(0, float64(i%2)-0.5) }),
		long(func(c, i int) float64 { return math.Sin(float64(c*300 + i)) }),
	}}
	s, err = Summarize(bad, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []error{ErrNonFinite, ErrNonFinite, ErrConstant, ErrConstant, nil} {
		p := s.Params[i]
		if want == nil {
			if p.Err != nil || math.IsNaN(p.RHat) {
				t.Errorf("%s: Err %v, R-hat %v", p.Name, p.Err, p.RHat)
			}
		} else if !errors.Is(p.Err, want) || !math.IsNaN(p.ESSBulk) {
			t.Errorf("%s: Err %v, want %v; bulk ESS %v", p.Name, p.Err, want, p.ESSBulk)
		}
	}
}

// TestSummarizeConstantEnergy checks that a sampler without a Hamiltonian
// (constant energy__) reports no E-BFMI rather than NaNs.
func TestSummarizeConstantEnergy(t *testing.T) {
	run := newFakeRun(2)
	for _, c := range run.stats["energy__"] {
		clear(c)
	}
	s, err := Summarize(run, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.EBFMI != nil || strings.Contains(s.String(), "E-BFMI") {
		t.Errorf("constant energy: E-BFMI %v", s.EBFMI)
	}
}
