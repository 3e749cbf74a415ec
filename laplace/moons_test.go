package laplace

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/bayesnn"
	"github.com/bayesnn-go/bayesnn/plotting"
)

// twoMoons returns n points of the two interleaved half circles (noise
// sd 0.15), labelled by moon, seeded.
func twoMoons(seed uint64, n int) ([][]float64, []float64, []int) {
	rng := rand.New(rand.NewPCG(seed, 17))
	x, y, l := make([][]float64, n), make([]float64, n), make([]int, n)
	for i := range n {
		t := math.Pi * rng.Float64()
		if i%2 == 0 {
			x[i] = []float64{math.Cos(t), math.Sin(t)}
		} else {
			x[i] = []float64{1 - math.Cos(t), 0.5 - math.Sin(t)}
			y[i], l[i] = 1, 1
		}
		x[i][0] += 0.15 * rng.NormFloat64()
		x[i][1] += 0.15 * rng.NormFloat64()
	}
	return x, y, l
}

// TestMoonsUncertainty: a ReLU classifier on two moons with a last-layer
// Laplace. As Kristiadi, Hein and Hennig (2020, Thm 2.4) prove for ReLU
// networks, the MAP grows certain far from the data (its logit linear
// along a ray) while the Laplace predictive's confidence stays bounded
// below 1 (its probit logit tends to a constant). On held-out points it reports the MAP's and the
// Laplace predictive's accuracy, NLL and ECE (not asserted: a
// measurement), and the class map figure builds.
func TestMoonsUncertainty(t *testing.T) {
	x, y, _ := twoMoons(1, 200)
	xt, _, lt := twoMoons(2, 400)
	m, err := bayesnn.MLP([]int{2, 20, 20, 1}, bayesnn.Relu)
	if err != nil {
		t.Fatal(err)
	}
	p, err := bayesnn.LogPosterior(m, bayesnn.NewData(x, y), bayesnn.Bernoulli{}, bayesnn.GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	res, err := bayesnn.MAP(p, p.InitialPoint(rng, 0.5), &bayesnn.MAPOptions{Steps: 3000, LearningRate: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	la, err := Network(p, res.Theta, &NetOptions{Structure: LastLayer})
	if err != nil {
		t.Fatal(err)
	}
	delta, err := la.TunePriorPrecision()
	if err != nil {
		t.Fatal(err)
	}
	mapPred, err := bayesnn.PredictClasses(m, [][]float64{res.Theta}, xt, lt)
	if err != nil {
		t.Fatal(err)
	}
	lap, err := la.PredictClasses(xt, lt, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*bayesnn.ClassPrediction{"MAP": mapPred, "last-layer Laplace": lap} {
		c, err := r.Calibration(lt, 10)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-18s held-out accuracy %.3f, NLL %.4f, ECE %.4f", name, c.Accuracy, c.NLL, c.ECE)
	}
	t.Logf("tuned prior precision %.3g", delta)
	// Along a ray α·d the ReLU network is affine in α far out: the MAP's
	// logit changes tenfold more from α = 10³ to 10⁴ than from 10² to 10³,
	// while the Laplace's probit logit z = f/√(1 + π/8·v) (f and √v both
	// affine in α) converges to a constant at rate 1/α: its change shrinks
	// tenfold per decade (at most a fifth of the previous one here).
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	for _, d := range [][]float64{{1, 1}, {-1, -1}, {1, -0.3}} {
		var far [][]float64
		for _, a := range []float64{1e2, 1e3, 1e4} {
			far = append(far, []float64{a * d[0], a * d[1]})
		}
		mf, err := m.Predict(res.Theta, far)
		if err != nil {
			t.Fatal(err)
		}
		lf, err := la.PredictClasses(far, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		z := []float64{logit(lf.Probs[0][1]), logit(lf.Probs[1][1]), logit(lf.Probs[2][1])}
		t.Logf("direction %v: MAP logit %.1f, %.1f, %.1f; Laplace probit logit %.4f, %.4f, %.4f (confidence %.4f)",
			d, mf[0][0], mf[1][0], mf[2][0], z[0], z[1], z[2], lf.Confidence()[2])
		if r := (mf[2][0] - mf[1][0]) / (mf[1][0] - mf[0][0]); math.Abs(r-10) > 1e-6 {
			t.Errorf("direction %v: the MAP's logit is not affine in α out there (ratio %g)", d, r)
		}
		if math.Abs(z[2]-z[1]) > 0.2*math.Abs(z[1]-z[0])+1e-9 {
			t.Errorf("direction %v: the Laplace logit moves %g then %g: not converging", d, z[1]-z[0], z[2]-z[1])
		}
	}
	// The class map of the predictive probability and of the epistemic
	// part (Monte Carlo over the linearised logits).
	grid := func(f func(r *bayesnn.ClassPrediction) float64) func(a, b float64) float64 {
		return func(a, b float64) float64 {
			r, err := la.PredictClasses([][]float64{{a, b}}, nil, &ClassOptions{Samples: 200, Seed: 1})
			if err != nil {
				return math.NaN()
			}
			return f(r)
		}
	}
	px, py := make([]float64, len(x)), make([]float64, len(x))
	labels := make([]int, len(x))
	for i := range x {
		px[i], py[i], labels[i] = x[i][0], x[i][1], int(y[i])
	}
	fig, err := plotting.ClassMap([]plotting.MapPanel{
		{F: grid(func(r *bayesnn.ClassPrediction) float64 { return r.Probs[0][1] }), Title: "p(class 1)", Min: 0, Max: 1, Levels: []float64{0.5}},
		{F: grid(func(r *bayesnn.ClassPrediction) float64 { return r.Epistemic[0] }), Title: "epistemic (mutual information)"},
	}, px, py, labels, plotting.ClassMapOptions{Grid: 12, XMin: -2, XMax: 3, YMin: -1.5, YMax: 2})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := fig.Dims(); r != 1 || c != 2 {
		t.Errorf("class map %d×%d", r, c)
	}
}
