package main

import (
	"context"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/models"
)

// gradCase measures value + gradient of one log density.
type gradCase struct {
	name  string
	procs int // GOMAXPROCS during the measurement (0: unchanged)
	make  func() (density.Target, []float64, error)
}

func (c gradCase) run(repeats int) []Row {
	t, x, err := c.make()
	if err != nil {
		return []Row{{Group: "gradient", Case: c.name, Impl: "bayesnn", Note: "error: " + err.Error()}}
	}
	if c.procs > 0 {
		old := runtime.GOMAXPROCS(c.procs)
		defer runtime.GOMAXPROCS(old)
	}
	g := make([]float64, t.Dim())
	var rates []float64
	var allocs float64
	for range repeats {
		r := testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				t.LogProb(g, x)
			}
		})
		rates = append(rates, 1e9/float64(r.NsPerOp()))
		allocs = float64(r.AllocsPerOp())
	}
	row := summarize("gradient", c.name, "bayesnn", "gradients/s", rates)
	row.Allocs = allocs
	return []Row{row}
}

// toyMLP is the 1-50-50-1 tanh MLP on 100 points of the toy curve.
func toyMLP() (*bayesnn.Posterior, error) {
	d, err := datasets.LangevinCurve().Simulate(1)
	if err != nil {
		return nil, err
	}
	m, err := bayesnn.MLP([]int{1, 50, 50, 1}, bayesnn.Tanh)
	if err != nil {
		return nil, err
	}
	return bayesnn.LogPosterior(m, bayesnn.NewData(d.X, d.Y), bayesnn.Gaussian{Tau: 4}, bayesnn.GaussianPrior{}, nil)
}

// mnistCNN is hamiltorch's CNN on 100 training digits.
func mnistCNN() (*bayesnn.Posterior, error) {
	mn, err := datasets.LoadMNIST(context.Background(), datasets.MNISTTrain, 100)
	if err != nil {
		return nil, err
	}
	flat := mn.Floats(nil, datasets.ScaleUnit)
	x := make([][]float64, mn.Len())
	for i := range x {
		x[i] = flat[i*784 : (i+1)*784]
	}
	return bayesnn.LogPosterior(bayesnn.HamiltorchCNN(), bayesnn.NewLabels(x, mn.IntLabels()), bayesnn.Categorical{}, bayesnn.GaussianPrior{}, nil)
}

func randomPoint(t density.Target, sd float64, seed uint64) []float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := make([]float64, t.Dim())
	for i := range x {
		x[i] = sd * rng.NormFloat64()
	}
	return x
}

func modelCase(name string, m *models.Model) gradCase {
	return gradCase{name: name, procs: 1, make: func() (density.Target, []float64, error) {
		t, err := m.Target()
		if err != nil {
			return nil, nil, err
		}
		return t, randomPoint(t, 0.5, 1), nil
	}}
}

func pdbCase(name string) gradCase {
	return gradCase{name: name, procs: 1, make: func() (density.Target, []float64, error) {
		m, err := models.PosteriorDB(pdbPath(name))
		if err != nil {
			return nil, nil, err
		}
		t, err := m.Target()
		if err != nil {
			return nil, nil, err
		}
		return t, randomPoint(t, 0.5, 1), nil
	}}
}

func gradientCases() []gradCase {
	cs := []gradCase{
		{name: "mlp 1-50-50-1 tanh, 100 points", procs: 1, make: func() (density.Target, []float64, error) {
			p, err := toyMLP()
			if err != nil {
				return nil, nil, err
			}
			return p, randomPoint(p, 0.3, 1), nil
		}},
		{name: "cnn 431,080 params, 100 digits", make: func() (density.Target, []float64, error) {
			p, err := mnistCNN()
			if err != nil {
				return nil, nil, err
			}
			return p, randomPoint(p, 0.05, 1), nil
		}},
		modelCase("funnel 11-D centred", models.Funnel{D: 11}.Model()),
		modelCase("iid normal 100-D", models.IIDNormal(100)),
		pdbCase("eight_schools-eight_schools_noncentered"),
	}
	if !*quick {
		for _, n := range []string{"kidiq-kidscore_interaction", "arK-arK", "gp_pois_regr-gp_pois_regr", "garch-garch11", "low_dim_gauss_mix-low_dim_gauss_mix"} {
			cs = append(cs, pdbCase(n))
		}
	}
	return cs
}

func pdbPath(name string) string {
	for _, p := range []string{"../../shared/posteriordb", "../shared/posteriordb"} {
		if ok(p) {
			return p + "/" + name
		}
	}
	return "../../shared/posteriordb/" + name
}

var _ = math.Inf
