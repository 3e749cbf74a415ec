package bayesnn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"gonum.org/v1/gonum/mat"
)

// toyRegression returns n rows of a 1-D regression problem.
func toyRegression(rng *rand.Rand, n int) Data {
	x := make([][]float64, n)
	y := make([]float64, n)
	for i := range n {
		v := 2*rng.Float64() - 1
		x[i] = []float64{v}
		y[i] = math.Sin(3*v) + 0.1*rng.NormFloat64()
	}
	return NewData(x, y)
}

// checkPosteriorGradient compares the posterior's gradient with finite
// differences at a random point (tolerance: see autodiff's checkFunc).
func checkPosteriorGradient(t *testing.T, name string, p *Posterior, rng *rand.Rand) {
	t.Helper()
	x := p.InitialPoint(rng, 1)
	for i := range x {
		x[i] += 0.3 * rng.NormFloat64()
	}
	r := ad.CheckGradient(p.LogProb, x, nil)
	if !r.OK(1e-5) {
		t.Errorf("%s: gradient check failed (max rel error %g):\n%s", name, r.MaxRelError(), r)
	}
}

func TestLikelihoodAndPriorGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	reg := toyRegression(rng, 7)
	mlp, err := MLP([]int{1, 4, 3, 1}, Tanh)
	if err != nil {
		t.Fatal(err)
	}
	het, _ := MLP([]int{1, 4, 2}, Softplus)
	cls, _ := MLP([]int{2, 3, 3}, Sigmoid)
	bin, _ := MLP([]int{2, 3, 1}, Relu)
	xs := make([][]float64, 6)
	labels := make([]int, 6)
	bits := make([]int, 6)
	for i := range xs {
		xs[i] = []float64{rng.NormFloat64(), rng.NormFloat64()}
		labels[i] = i % 3
		bits[i] = i % 2
	}
	custom := LikelihoodFunc{Width: 1, Names: []string{"log_nu"},
		F: func(t *ad.Tape, out, y, extra *ad.Var) *ad.Var {
			// A Laplace-like likelihood with learned scale: -|y-f|/e^s - s.
			n := float64(out.Len())
			return ad.Sub(ad.Neg(ad.Sum(ad.Mul(ad.Abs(ad.Sub(y, out)), ad.Exp(ad.Neg(extra))))), ad.Scale(extra, n))
		},
		Prior: func(t *ad.Tape, extra *ad.Var) *ad.Var { return ad.Scale(ad.Sum(ad.Square(extra)), -0.5) },
	}
	tau := []float64{1, 2, 0.5, 3, 1, 4}
	cases := []struct {
		name  string
		m     *Sequential
		d     Data
		lik   Likelihood
		prior Prior
	}{
		{"gaussian fixed tau", mlp, reg, Gaussian{Tau: 4}, GaussianPrior{TauList: tau}},
		{"gaussian learned sigma", mlp, reg, GaussianLearned{SigmaScale: 2}, GaussianPrior{WeightSD: 0.7, BiasSD: 2}},
		{"heteroscedastic", het, reg, Heteroscedastic{}, GaussianPrior{}},
		{"bernoulli", bin, NewLabels(xs, bits), Bernoulli{}, GaussianPrior{}},
		{"categorical sum", cls, NewLabels(xs, labels), Categorical{}, GaussianPrior{}},
		{"categorical mean", cls, NewLabels(xs, labels), Categorical{Mean: true}, GaussianPrior{}},
		{"custom likelihood, user prior", mlp, reg, custom, PriorFunc(func(t *ad.Tape, th *ad.Var, _ []Block) *ad.Var {
			return ad.Neg(ad.Sum(ad.Log1p(ad.Square(th)))) // Cauchy-like
		})},
	}
	for _, c := range cases {
		p, err := LogPosterior(c.m, c.d, c.lik, c.prior, nil)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		checkPosteriorGradient(t, c.name, p, rng)
	}
}

func TestLogPosteriorValues(t *testing.T) {
	// A linear model y = w·x + b with fixed tau and N(0, 1) priors: the
	// log posterior equals the closed form.
	m, _ := MLP([]int{1, 1}, Identity)
	d := NewData([][]float64{{1}, {2}, {-1}}, []float64{0.5, 1.5, -1})
	p, err := LogPosterior(m, d, Gaussian{Tau: 2}, GaussianPrior{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	w, b := 0.7, -0.2
	want := 0.0
	for i, x := range []float64{1, 2, -1} {
		e := d.Y[i][0] - (w*x + b)
		want += -0.5*2*e*e + 0.5*math.Log(2) - halfLog2Pi
	}
	want += -0.5*(w*w+b*b) - 2*halfLog2Pi
	g := make([]float64, 2)
	if got := p.LogProb(g, []float64{w, b}); math.Abs(got-want) > 1e-12 {
		t.Errorf("log posterior %.15g, want %.15g", got, want)
	}
	// Tempering scales the likelihood only.
	ll, _ := p.LogLik([]float64{w, b}, d)
	if err := p.SetLikelihoodScale(0.25); err != nil {
		t.Fatal(err)
	}
	if got := p.LogProb(g, []float64{w, b}); math.Abs(got-(want-0.75*ll)) > 1e-12 {
		t.Errorf("tempered log posterior %.15g, want %.15g", got, want-0.75*ll)
	}
}

func TestPackingAndNames(t *testing.T) {
	m, err := MLP([]int{13, 13, 6, 2}, Tanh)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := m.NumParams(), 13*13+13+13*6+6+6*2+2; got != want {
		t.Errorf("NumParams = %d, want %d", got, want)
	}
	names := m.ParamNames()
	if len(names) != m.NumParams() {
		t.Fatalf("%d names for %d parameters", len(names), m.NumParams())
	}
	if names[0] != "dense1.W[0,0]" || names[3*13+7] != "dense1.W[3,7]" || names[13*13] != "dense1.b[0]" {
		t.Errorf("unexpected names %q %q %q", names[0], names[3*13+7], names[13*13])
	}
	theta := make([]float64, m.NumParams())
	for i := range theta {
		theta[i] = float64(i)
	}
	parts, err := m.Unpack(theta)
	if err != nil {
		t.Fatal(err)
	}
	back, err := m.Pack(nil, parts)
	if err != nil {
		t.Fatal(err)
	}
	for i := range theta {
		if back[i] != theta[i] {
			t.Fatalf("round trip differs at %d", i)
		}
	}
	if parts["dense2.b"][0] != float64(13*13+13+13*6) {
		t.Errorf("dense2.b starts at %g", parts["dense2.b"][0])
	}
	delete(parts, "dense3.W")
	if _, err := m.Pack(nil, parts); err == nil || !strings.Contains(err.Error(), "dense3.W") {
		t.Errorf("missing block: got %v", err)
	}
	if w := TaperWidths(13, 2, 2); len(w) != 4 || w[1] != 13 || w[2] != 6 || w[3] != 2 {
		t.Errorf("TaperWidths(13, 2, 2) = %v, want [13 13 6 2]", w)
	}
}

func TestBadInput(t *testing.T) {
	m, _ := MLP([]int{2, 3, 1}, Tanh)
	cls, _ := MLP([]int{2, 3}, Tanh)
	x := [][]float64{{1, 2}, {3, 4}}
	cases := []struct {
		name string
		err  func() error
		want string
	}{
		{"lengths", func() error {
			_, err := LogPosterior(m, Data{X: x, Y: [][]float64{{1}}}, Gaussian{Tau: 1}, GaussianPrior{}, nil)
			return err
		}, "2 rows but y has 1"},
		{"nan", func() error {
			_, err := LogPosterior(m, NewData([][]float64{{1, math.NaN()}, {3, 4}}, []float64{1, 2}), Gaussian{Tau: 1}, GaussianPrior{}, nil)
			return err
		}, "NaN"},
		{"width", func() error {
			_, err := LogPosterior(m, NewData([][]float64{{1}, {3}}, []float64{1, 2}), Gaussian{Tau: 1}, GaussianPrior{}, nil)
			return err
		}, "takes 2"},
		{"layer mismatch", func() error {
			_, err := NewSequential([]int{2}, Dense{In: 2, Out: 3}, Dense{In: 4, Out: 1})
			return err
		}, "expects 4 input features"},
		{"label", func() error {
			_, err := LogPosterior(cls, NewLabels(x, []int{0, 3}), Categorical{}, GaussianPrior{}, nil)
			return err
		}, "not a class in 0..2"},
		{"binary label", func() error {
			_, err := LogPosterior(m, NewLabels(x, []int{0, 2}), Bernoulli{}, GaussianPrior{}, nil)
			return err
		}, "must be 0 or 1"},
		{"tau", func() error {
			_, err := LogPosterior(m, NewData(x, []float64{1, 2}), Gaussian{}, GaussianPrior{}, nil)
			return err
		}, "Tau"},
		{"tau list", func() error {
			_, err := LogPosterior(m, NewData(x, []float64{1, 2}), Gaussian{Tau: 1}, GaussianPrior{TauList: []float64{1}}, nil)
			return err
		}, "TauList has 1"},
	}
	for _, c := range cases {
		err := c.err()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error mentioning %q", c.name, err, c.want)
		}
	}
}

// linearPosterior returns the exact Gaussian posterior of Bayesian linear
// regression y = w x + b + N(0, 1/tau) with N(0, 1) priors: mean and
// covariance of (w, b).
func linearPosterior(d Data, tau float64) (mean []float64, cov *mat.SymDense) {
	prec := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	rhs := mat.NewVecDense(2, nil)
	for i := range d.X {
		f := []float64{d.X[i][0], 1}
		for a := range 2 {
			for b := a; b < 2; b++ {
				prec.SetSym(a, b, prec.At(a, b)+tau*f[a]*f[b])
			}
			rhs.SetVec(a, rhs.AtVec(a)+tau*f[a]*d.Y[i][0])
		}
	}
	var ch mat.Cholesky
	ch.Factorize(prec)
	cov = mat.NewSymDense(2, nil)
	ch.InverseTo(cov)
	var m mat.VecDense
	m.MulVec(cov, rhs)
	return []float64{m.AtVec(0), m.AtVec(1)}, cov
}

// exactDraws returns n exact posterior draws of the linear model.
func exactDraws(rng *rand.Rand, mean []float64, cov *mat.SymDense, n int) [][]float64 {
	var ch mat.Cholesky
	ch.Factorize(cov)
	var l mat.TriDense
	ch.LTo(&l)
	out := make([][]float64, n)
	for k := range out {
		z0, z1 := rng.NormFloat64(), rng.NormFloat64()
		out[k] = []float64{mean[0] + l.At(0, 0)*z0, mean[1] + l.At(1, 0)*z0 + l.At(1, 1)*z1}
	}
	return out
}

func TestEpistemicSplit(t *testing.T) {
	// Exact posterior draws of a linear model (a Dense layer, no
	// activation): data on x in [-1, 1].
	rng := rand.New(rand.NewPCG(5, 5))
	m, _ := MLP([]int{1, 1}, Identity)
	const tau = 4.0
	sim := func(n int) Data {
		x := make([][]float64, n)
		y := make([]float64, n)
		for i := range n {
			x[i] = []float64{2*rng.Float64() - 1}
			y[i] = 0.8*x[i][0] - 0.3 + rng.NormFloat64()/math.Sqrt(tau)
		}
		return NewData(x, y)
	}
	grid := [][]float64{{0}, {1}, {5}, {20}}
	pred := func(d Data) *RegressionPrediction {
		mean, cov := linearPosterior(d, tau)
		r, err := PredictRegression(m, Gaussian{Tau: tau}, exactDraws(rng, mean, cov, 4000), grid)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	small, large := pred(sim(20)), pred(sim(2000))
	// Far from the data the epistemic part grows (exactly: Var(w)x² + ...;
	// the gap between x=0 and x=20 is orders of magnitude, beyond MC noise).
	for i := 1; i < len(grid); i++ {
		if !(small.Epistemic[i] > small.Epistemic[i-1]) && grid[i][0] > 1 {
			t.Errorf("epistemic variance does not grow away from the data: %v", small.Epistemic)
		}
	}
	if small.Epistemic[3] < 50*small.Epistemic[0] {
		t.Errorf("epistemic at x=20 (%g) not far above x=0 (%g)", small.Epistemic[3], small.Epistemic[0])
	}
	// With 100× more data it shrinks (exact ratio ≈ 1/100; 4000 draws give
	// a variance estimate within ~±5%, so a factor 10 is safe).
	for i := range grid {
		if large.Epistemic[i] > small.Epistemic[i]/10 {
			t.Errorf("x=%g: epistemic %g with 2000 points, %g with 20", grid[i][0], large.Epistemic[i], small.Epistemic[i])
		}
		// The aleatoric part stays the noise variance.
		if math.Abs(large.Aleatoric[i]-1/tau) > 1e-12 || math.Abs(small.Total[i]-small.Epistemic[i]-1/tau) > 1e-12 {
			t.Errorf("aleatoric %g, want %g", large.Aleatoric[i], 1/tau)
		}
	}
}

func TestMAPFindsMode(t *testing.T) {
	// Adam on the linear model reaches the exact posterior mode (the
	// posterior is Gaussian: mode = mean).
	rng := rand.New(rand.NewPCG(6, 6))
	m, _ := MLP([]int{1, 1}, Identity)
	d := toyRegression(rng, 50)
	p, _ := LogPosterior(m, d, Gaussian{Tau: 10}, GaussianPrior{}, nil)
	mean, _ := linearPosterior(d, 10)
	for _, opt := range []Optimizer{Adam, GradientDescent} {
		o := &MAPOptions{Optimizer: opt, Steps: 3000, Valid: toyRegression(rng, 20)}
		if opt == GradientDescent {
			o.LearningRate = 2e-3
		}
		r, err := MAP(p, []float64{0, 0}, o)
		if err != nil {
			t.Fatal(err)
		}
		for i := range mean {
			if math.Abs(r.Theta[i]-mean[i]) > 1e-4 {
				t.Errorf("optimizer %d: theta %v, exact mode %v", opt, r.Theta, mean)
			}
		}
		if r.BestStep < 0 || len(r.History) < 10 || math.IsNaN(r.History[len(r.History)-1].ValidLogLik) {
			t.Errorf("history not recorded: best %d, %d records", r.BestStep, len(r.History))
		}
	}
}

func TestPredictClasses(t *testing.T) {
	m, _ := MLP([]int{2, 2}, Identity)
	// W = I, b = 0: logits are the inputs.
	draw := []float64{1, 0, 0, 1, 0, 0}
	x := [][]float64{{2, 0}, {0, 3}, {1, 0}}
	r, err := PredictClasses(m, [][]float64{draw, draw}, x, []int{0, 1, 1})
	if err != nil {
		t.Fatal(err)
	}
	if r.Predicted[0] != 0 || r.Predicted[1] != 1 || math.Abs(r.Accuracy-2.0/3) > 1e-15 {
		t.Errorf("predicted %v accuracy %g", r.Predicted, r.Accuracy)
	}
	if want := 1 / (1 + math.Exp(-2)); math.Abs(r.Probs[0][0]-want) > 1e-15 {
		t.Errorf("p = %g, want %g", r.Probs[0][0], want)
	}
}

func TestPosteriorAllocs(t *testing.T) {
	m, _ := MLP([]int{1, 20, 20, 1}, Tanh)
	p, _ := LogPosterior(m, toyRegression(rand.New(rand.NewPCG(2, 2)), 30), Gaussian{Tau: 4}, GaussianPrior{}, nil)
	x := p.InitialPoint(rand.New(rand.NewPCG(3, 3)), 1)
	g := make([]float64, p.Dim())
	if a := testing.AllocsPerRun(50, func() { p.LogProb(g, x) }); a != 0 {
		t.Errorf("LogProb allocates %g times per call", a)
	}
}
