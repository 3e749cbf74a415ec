package samplers

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// fakeKernel jumps to an independent N(0, 4) point every step and reports
// a fixed acceptance; it records the positions it visits.
type fakeKernel struct {
	eps     float64
	m       Metric
	visited *[][]float64
}

func (k fakeKernel) Init(t density.Target, x []float64) (*State, error) { return newState(t, x) }
func (k fakeKernel) Step(rng *rand.Rand, s *State) DrawStats {
	for i := range s.Position {
		s.Position[i] = 2 * rng.NormFloat64()
	}
	*k.visited = append(*k.visited, append([]float64(nil), s.Position...))
	return DrawStats{AcceptStat: 0.8, StepSize: k.eps}
}
func (k fakeKernel) Tuning() (float64, Metric)             { return k.eps, k.m }
func (k fakeKernel) Tuned(eps float64, m Metric) Adaptable { k.eps, k.m = eps, m; return k }
func (k fakeKernel) MetricPosition(s *State) []float64     { return s.Position }

func TestWarmupWindows(t *testing.T) {
	// The final inverse metric is exactly Stan's regularised sample variance
	// of the positions visited in the last window:
	// (n/(n+5))·var + 1e-3·5/(n+5).
	var visited [][]float64
	var k Adaptable = fakeKernel{eps: 1, m: metricFor(Diag, 3), visited: &visited}
	const n = 300
	w := NewWarmup(k, n, WarmupOptions{})
	s, _ := k.Init(harmonic(3), []float64{0, 0, 0})
	rng := rand.New(rand.NewPCG(1, 1))
	k, _ = w.Init(rng, s)
	updates := 0
	_, last := k.Tuning()
	for i := 0; i < n; i++ {
		info := k.Step(rng, s)
		var err error
		if k, err = w.Update(rng, s, info); err != nil {
			t.Fatal(err)
		}
		if _, m := k.Tuning(); m != last {
			updates++
			last = m
		}
	}
	ws := w.Windows()
	if updates != len(ws) {
		t.Errorf("%d metric updates, want one per window: %d", updates, len(ws))
	}
	lw := ws[len(ws)-1]
	final := w.Final()
	_, m := final.Tuning()
	got := m.(*DiagMetric).Diagonal()
	cnt := float64(lw.End - lw.Start)
	for j := 0; j < 3; j++ {
		var xs []float64
		for _, x := range visited[lw.Start:lw.End] {
			xs = append(xs, x[j])
		}
		want := cnt/(cnt+5)*variance(xs) + 1e-3*5/(cnt+5)
		if math.Abs(got[j]-want) > 1e-12*want {
			t.Errorf("inverse metric %d = %v, want %v", j, got[j], want)
		}
	}
	// With a constant acceptance equal to delta, dual averaging's gradient
	// is zero and its iterate sits at mu = log(10·eps): each restart (at
	// the start and after every window; this kernel cannot be probed)
	// multiplies the step size by 10.
	want := math.Pow(10, float64(1+len(ws)))
	if eps, _ := final.Tuning(); math.Abs(eps-want) > 1e-9*want {
		t.Errorf("step size %v, want %v", eps, want)
	}
}

func TestInitStepSize(t *testing.T) {
	// On a 10-D standard normal, one leapfrog step has an energy error of
	// order eps²·d/8 (quadratic in eps), so the search, doubling from 1e-3
	// or halving from 100 until the one-step acceptance crosses 0.8, must
	// land within a few doublings of 1 from either side: [1/8, 4].
	k := NUTS{StepSize: 1}
	s, err := k.Init(harmonic(10), []float64{0.5, -0.3, 1, 0.2, -1, 0.1, 0.7, -0.4, 0.3, 0})
	if err != nil {
		t.Fatal(err)
	}
	for _, start := range []float64{1e-3, 100} {
		rng := rand.New(rand.NewPCG(2, 2))
		eps, err := initStepSize(rng, k, s, start)
		if err != nil {
			t.Fatal(err)
		}
		if eps < 1.0/8 || eps > 4 {
			t.Errorf("from %v: step size %v outside [1/8, 4]", start, eps)
		}
	}
}
