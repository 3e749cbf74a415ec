package samplers

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
)

// holed is a 2-D standard normal whose log density is NaN where x0 > 1 and
// whose gradient is NaN (log density finite) where x1 < -1.5.
func holed() density.FuncTarget {
	return density.FuncTarget{N: 2, F: func(grad, x []float64) float64 {
		if x[0] > 1 {
			grad[0], grad[1] = math.NaN(), math.NaN()
			return math.NaN()
		}
		grad[0], grad[1] = -x[0], -x[1]
		if x[1] < -1.5 {
			grad[1] = math.NaN()
		}
		return -0.5 * (x[0]*x[0] + x[1]*x[1])
	}}
}

func TestNonFiniteRegion(t *testing.T) {
	for _, kind := range []Kernel{NUTS{}, HMC{}, RWM{}} {
		tr, err := Sample(context.Background(), holed(), Options{Kernel: kind, Chains: 2, Warmup: 300, Draws: 500, Seed: 3,
			InitialPoints: [][]float64{{0, 0}}})
		if err != nil {
			t.Fatalf("%T: %v", kind, err)
		}
		if tr.NumDraws() != 500 {
			t.Fatalf("%T: %d draws, want 500", kind, tr.NumDraws())
		}
		for i := 0; i < len(tr.Samples); i += 2 {
			if x := tr.Samples[i]; math.IsNaN(x) || x > 1 {
				t.Fatalf("%T: draw in the NaN region: x0 = %v", kind, x)
			}
		}
		if _, rwm := kind.(RWM); !rwm && tr.Divergences() == 0 {
			t.Errorf("%T: no divergences although trajectories cross the NaN region", kind)
		}
	}
}

func TestErrorsBeforeWork(t *testing.T) {
	tg := corrNormal(0.5)
	bad := mat.NewSymDense(2, []float64{1, 2, 2, 1}) // eigenvalues 3 and -1
	if _, err := NewDenseMetric(bad); err == nil {
		t.Error("dense metric: no error for an indefinite matrix")
	}
	if _, err := NewDiagMetric([]float64{1, -1}); err == nil {
		t.Error("diag metric: no error for a negative variance")
	}
	if _, err := NewDiagMetric([]float64{1, math.NaN()}); err == nil {
		t.Error("diag metric: no error for NaN")
	}
	diag3, _ := NewDiagMetric([]float64{1, 1, 1})
	for name, c := range map[string]struct {
		k Kernel
		x []float64
	}{
		"NaN init":      {NUTS{StepSize: 1}, []float64{math.NaN(), 0}},
		"Inf init":      {HMC{StepSize: 1}, []float64{0, math.Inf(1)}},
		"empty init":    {NUTS{StepSize: 1}, nil},
		"short init":    {NUTS{StepSize: 1}, []float64{0}},
		"zero step":     {NUTS{}, []float64{0, 0}},
		"negative step": {HMC{StepSize: -0.1}, []float64{0, 0}},
		"metric dim":    {NUTS{StepSize: 1, Metric: diag3}, []float64{0, 0}},
		"jitter":        {NUTS{StepSize: 1, StepSizeJitter: 1}, []float64{0, 0}},
		"rwm scale":     {RWM{}, []float64{0, 0}},
		"outside":       {NUTS{StepSize: 1}, []float64{2, 0}},
		"NaN gradient":  {NUTS{StepSize: 1}, []float64{0, -2}},
	} {
		target := density.Target(tg)
		if name == "outside" || name == "NaN gradient" {
			target = holed()
		}
		if _, err := c.k.Init(target, c.x); err == nil {
			t.Errorf("%s: Init gave no error", name)
		}
	}
	for name, o := range map[string]Options{
		"negative step":   {StepSize: -1},
		"negative chains": {Chains: -1},
		"bad accept":      {TargetAccept: 1.5},
		"init length":     {InitialPoints: [][]float64{{0, 0, 0}}},
		"init NaN":        {InitialPoints: [][]float64{{0, math.NaN()}}},
		"init count":      {Chains: 3, InitialPoints: [][]float64{{0, 0}, {0, 0}}},
		"adapted metric":  {Adapted: []Adaptation{{StepSize: 0.5, Metric: Diag, InvMetric: []float64{1}}}},
		"adapted step":    {Adapted: []Adaptation{{StepSize: 0, Metric: Unit}}},
		"thin":            {Thin: -2},
		"metric kind":     {Metric: MetricKind(9)},
	} {
		called := false
		o.Callback = func(Draw) { called = true }
		if _, err := Sample(context.Background(), tg, o); err == nil {
			t.Errorf("%s: Sample gave no error", name)
		}
		if called {
			t.Errorf("%s: work done before the error", name)
		}
	}
}

func TestInitialPointRetries(t *testing.T) {
	// Finite only for x0 > 1.5: a uniform(-2, 2) draw lands there 1/8 of the
	// time, so 100 tries almost surely succeed (failure chance 0.875^100 ≈ 2e-6).
	shelf := density.FuncTarget{N: 1, F: func(grad, x []float64) float64 {
		if x[0] <= 1.5 {
			return math.Inf(-1)
		}
		grad[0] = -x[0]
		return -0.5 * x[0] * x[0]
	}}
	if _, err := Sample(context.Background(), shelf, Options{Chains: 2, Warmup: 10, Draws: 10, Seed: 1}); err != nil {
		t.Errorf("retries: %v", err)
	}
	never := density.FuncTarget{N: 3, F: func(grad, x []float64) float64 { return math.NaN() }}
	_, err := Sample(context.Background(), never, Options{Seed: 1})
	if err == nil || !strings.Contains(err.Error(), "100 draws from uniform(-2, 2)") {
		t.Errorf("error %q should say what was tried", err)
	}
}

func TestTraceLayout(t *testing.T) {
	var buf bytes.Buffer
	calls := 0
	tg := corrNormal(0.3)
	tg.Names = []string{"a", "b"}
	tr, err := Sample(context.Background(), tg, Options{
		Chains: 2, Parallel: 1, Warmup: 40, Draws: 100, Thin: 3, KeepWarmup: true, Seed: 8,
		CSV: &buf, Callback: func(Draw) { calls++ },
	})
	if err != nil {
		t.Fatal(err)
	}
	// Thinning by 3 keeps iterations 0, 3, ...: 14 of 40 warm-up, 34 of 100.
	if tr.Warmup != 14 || tr.NumDraws() != 34 || tr.Draws != 48 || tr.NumChains() != 2 {
		t.Fatalf("warmup %d, draws %d (total %d), chains %d; want 14, 34 (48), 2", tr.Warmup, tr.NumDraws(), tr.Draws, tr.NumChains())
	}
	if calls != 2*140 {
		t.Errorf("%d callbacks, want 280", calls)
	}
	p, err := tr.ParamByName("b")
	if err != nil || len(p) != 2 || len(p[1]) != 34 || p[1][0] != tr.Samples[(1*48+14)*2+1] {
		t.Errorf("ParamByName(b) does not index [chain][draw][param] past the warm-up")
	}
	if _, err := tr.ParamByName("c"); err == nil {
		t.Error("ParamByName(c): no error")
	}
	for _, name := range StatNames {
		if s := tr.Stat(name); len(s) != 2 || len(s[0]) != 34 {
			t.Errorf("Stat(%s) has the wrong shape", name)
		}
	}
	if tr.Stat("nope") != nil {
		t.Error("Stat of an unknown name is not nil")
	}
	df := tr.DataFrame()
	if r, c := df.Dims(); r != 96 || c != 2+2+len(StatNames) {
		t.Errorf("data frame %d×%d, want 96×%d", r, c, 4+len(StatNames))
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 97 || strings.Join(recs[0][:4], ",") != "chain,draw,a,b" {
		t.Errorf("CSV: %d records, header %v; want 97 and chain,draw,a,b,...", len(recs), recs[0])
	}
}

func TestResume(t *testing.T) {
	tg := corrNormal(0.9)
	first, err := Sample(context.Background(), tg, Options{Chains: 2, Warmup: 300, Draws: -1, Metric: Dense, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	if first.NumDraws() != 0 || first.Draws != 0 {
		t.Fatalf("adapt-only run kept %d draws", first.Draws)
	}
	a := first.Adapted
	if a[0].Metric != Dense || len(a[0].InvMetric) != 4 || !(a[0].StepSize > 0) {
		t.Fatalf("adaptation %+v", a[0])
	}
	second, err := Sample(context.Background(), tg, Options{Chains: 2, Draws: 50, Adapted: a, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < 2; c++ {
		if got := second.Stats[c*second.Draws].StepSize; got != a[c].StepSize {
			t.Errorf("chain %d: resumed step size %v, want %v", c, got, a[c].StepSize)
		}
		if second.Adapted[c].InvMetric[1] != a[c].InvMetric[1] {
			t.Errorf("chain %d: metric changed on resume", c)
		}
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	tr, err := Sample(ctx, corrNormal(0.5), Options{Chains: 1, Warmup: 10, Draws: 1000, Seed: 2,
		Callback: func(d Draw) {
			if n++; n == 60 {
				cancel()
			}
		}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if tr == nil || tr.NumDraws() != 50 {
		t.Fatalf("trace with %v draws, want the 50 made before cancelling", tr.NumDraws())
	}
}

func TestDenseMetricMomentum(t *testing.T) {
	// p ~ N(0, M) with M = (M⁻¹)⁻¹: check the sample covariance of p against
	// M within 5 standard errors (Var of a sample covariance entry is
	// (M_ii M_jj + M_ij²)/n for a Gaussian), and Kinetic against ½pᵀM⁻¹p.
	inv := mat.NewSymDense(2, []float64{2, 0.6, 0.6, 0.5})
	m, err := NewDenseMetric(inv)
	if err != nil {
		t.Fatal(err)
	}
	var mass mat.Dense
	if err := mass.Inverse(inv); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	var s [2][2]float64
	p := make([]float64, 2)
	for i := 0; i < n; i++ {
		m.SampleMomentum(rng, p)
		for a := 0; a < 2; a++ {
			for b := 0; b < 2; b++ {
				s[a][b] += p[a] * p[b] / n
			}
		}
	}
	for a := 0; a < 2; a++ {
		for b := 0; b < 2; b++ {
			want := mass.At(a, b)
			se := math.Sqrt((mass.At(a, a)*mass.At(b, b) + want*want) / n)
			if math.Abs(s[a][b]-want) > 5*se {
				t.Errorf("Cov(p)[%d][%d] = %.4f, want %.4f ± %.4f", a, b, s[a][b], want, 5*se)
			}
		}
	}
	p = []float64{0.7, -1.3}
	want := 0.5 * mat.Inner(mat.NewVecDense(2, p), inv, mat.NewVecDense(2, p))
	if got := m.Kinetic(p); math.Abs(got-want) > 1e-12 {
		t.Errorf("Kinetic = %v, want %v", got, want)
	}
	v := make([]float64, 2)
	m.Velocity(v, p)
	if math.Abs(v[0]-(2*0.7-0.6*1.3)) > 1e-12 || math.Abs(v[1]-(0.6*0.7-0.5*1.3)) > 1e-12 {
		t.Errorf("Velocity = %v", v)
	}
}

func TestStepAllocs(t *testing.T) {
	tg := scaledNormal(iidScales())
	x := make([]float64, 100)
	diag, _ := NewDiagMetric(iidScales())
	for _, k := range []Kernel{NUTS{StepSize: 0.3, Metric: diag}, HMC{StepSize: 0.1, Steps: 10, Metric: diag}, RWM{Scale: 0.1}} {
		s, err := k.Init(tg, x)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(1, 1))
		k.Step(rng, s)
		if a := testing.AllocsPerRun(50, func() { k.Step(rng, s) }); a != 0 {
			t.Errorf("%T: %v allocations per transition, want 0", k, a)
		}
	}
}

func TestProgressLine(t *testing.T) {
	var buf bytes.Buffer
	if _, err := Sample(context.Background(), corrNormal(0.5), Options{Chains: 2, Warmup: 50, Draws: 50, Seed: 1, Progress: &buf}); err != nil {
		t.Fatal(err)
	}
	line := buf.String()
	for _, want := range []string{"200/200 iterations", "it/s", "accept", "divergent", "ETA"} {
		if !strings.Contains(line, want) {
			t.Errorf("progress %q lacks %q", line, want)
		}
	}
}
