package autodiff

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// distArg describes one argument of a family in the tests: how to draw a
// valid value, and whether it is an observation (must stay constant).
type distArg struct {
	draw func(rng *rand.Rand) float64
	data bool
}

func distUniformArg(lo, hi float64) distArg {
	return distArg{draw: func(rng *rand.Rand) float64 { return lo + (hi-lo)*rng.Float64() }}
}

func distCountArg(lo, hi int) distArg {
	return distArg{data: true, draw: func(rng *rand.Rand) float64 { return float64(lo + rng.IntN(hi-lo+1)) }}
}

// distFamily is one log density under test with its gonum reference.
type distFamily struct {
	name string
	args []distArg
	op   func(a ...*Var) *Var
	ref  func(a []float64) float64 // distuv's LogProb at one element
}

// distFamilies: the argument ranges keep every test point inside the
// support, with scales and shapes bounded away from 0 so that central
// differences are well conditioned.
var distFamilies = []distFamily{
	{name: "Normal", args: []distArg{distUniformArg(-3, 3), distUniformArg(-2, 2), distUniformArg(0.5, 2)},
		op:  func(a ...*Var) *Var { return NormalLogPdf(a[0], a[1], a[2]) },
		ref: func(a []float64) float64 { return distuv.Normal{Mu: a[1], Sigma: a[2]}.LogProb(a[0]) }},
	{name: "HalfNormal", args: []distArg{distUniformArg(0.01, 3), distUniformArg(0.5, 2)},
		op:  func(a ...*Var) *Var { return HalfNormalLogPdf(a[0], a[1]) },
		ref: func(a []float64) float64 { return math.Ln2 + distuv.Normal{Mu: 0, Sigma: a[1]}.LogProb(a[0]) }},
	{name: "Cauchy", args: []distArg{distUniformArg(-3, 3), distUniformArg(-2, 2), distUniformArg(0.5, 2)},
		op: func(a ...*Var) *Var { return CauchyLogPdf(a[0], a[1], a[2]) },
		// Cauchy is Student's t with one degree of freedom.
		ref: func(a []float64) float64 { return distuv.StudentsT{Mu: a[1], Sigma: a[2], Nu: 1}.LogProb(a[0]) }},
	{name: "HalfCauchy", args: []distArg{distUniformArg(0.01, 3), distUniformArg(0.5, 2)},
		op: func(a ...*Var) *Var { return HalfCauchyLogPdf(a[0], a[1]) },
		ref: func(a []float64) float64 {
			return math.Ln2 + distuv.StudentsT{Mu: 0, Sigma: a[1], Nu: 1}.LogProb(a[0])
		}},
	{name: "StudentT", args: []distArg{distUniformArg(-3, 3), distUniformArg(1, 8), distUniformArg(-2, 2), distUniformArg(0.5, 2)},
		op: func(a ...*Var) *Var { return StudentTLogPdf(a[0], a[1], a[2], a[3]) },
		ref: func(a []float64) float64 {
			return distuv.StudentsT{Nu: a[1], Mu: a[2], Sigma: a[3]}.LogProb(a[0])
		}},
	{name: "Gamma", args: []distArg{distUniformArg(0.2, 4), distUniformArg(0.5, 4), distUniformArg(0.5, 3)},
		op:  func(a ...*Var) *Var { return GammaLogPdf(a[0], a[1], a[2]) },
		ref: func(a []float64) float64 { return distuv.Gamma{Alpha: a[1], Beta: a[2]}.LogProb(a[0]) }},
	{name: "InverseGamma", args: []distArg{distUniformArg(0.2, 4), distUniformArg(0.5, 4), distUniformArg(0.5, 3)},
		op:  func(a ...*Var) *Var { return InverseGammaLogPdf(a[0], a[1], a[2]) },
		ref: func(a []float64) float64 { return distuv.InverseGamma{Alpha: a[1], Beta: a[2]}.LogProb(a[0]) }},
	{name: "Beta", args: []distArg{distUniformArg(0.05, 0.95), distUniformArg(0.5, 4), distUniformArg(0.5, 4)},
		op:  func(a ...*Var) *Var { return BetaLogPdf(a[0], a[1], a[2]) },
		ref: func(a []float64) float64 { return distuv.Beta{Alpha: a[1], Beta: a[2]}.LogProb(a[0]) }},
	{name: "Exponential", args: []distArg{distUniformArg(0, 4), distUniformArg(0.3, 3)},
		op:  func(a ...*Var) *Var { return ExponentialLogPdf(a[0], a[1]) },
		ref: func(a []float64) float64 { return distuv.Exponential{Rate: a[1]}.LogProb(a[0]) }},
	{name: "Laplace", args: []distArg{distUniformArg(-3, 3), distUniformArg(-2, 2), distUniformArg(0.5, 2)},
		op:  func(a ...*Var) *Var { return LaplaceLogPdf(a[0], a[1], a[2]) },
		ref: func(a []float64) float64 { return distuv.Laplace{Mu: a[1], Scale: a[2]}.LogProb(a[0]) }},
	{name: "LogNormal", args: []distArg{distUniformArg(0.2, 5), distUniformArg(-1, 1), distUniformArg(0.5, 2)},
		op:  func(a ...*Var) *Var { return LogNormalLogPdf(a[0], a[1], a[2]) },
		ref: func(a []float64) float64 { return distuv.LogNormal{Mu: a[1], Sigma: a[2]}.LogProb(a[0]) }},
	// x in [0, 1), lo in [-2, -0.5), hi in [1.5, 3): x always inside.
	{name: "Uniform", args: []distArg{distUniformArg(0, 1), distUniformArg(-2, -0.5), distUniformArg(1.5, 3)},
		op:  func(a ...*Var) *Var { return UniformLogPdf(a[0], a[1], a[2]) },
		ref: func(a []float64) float64 { return distuv.Uniform{Min: a[1], Max: a[2]}.LogProb(a[0]) }},
	{name: "BernoulliLogit", args: []distArg{distCountArg(0, 1), distUniformArg(-4, 4)},
		op:  func(a ...*Var) *Var { return BernoulliLogitLogPmf(a[0], a[1]) },
		ref: func(a []float64) float64 { return distuv.Bernoulli{P: sigmoid(a[1])}.LogProb(a[0]) }},
	{name: "BinomialLogit", args: []distArg{distCountArg(0, 6), distCountArg(6, 12), distUniformArg(-3, 3)},
		op: func(a ...*Var) *Var { return BinomialLogitLogPmf(a[0], a[1], a[2]) },
		ref: func(a []float64) float64 {
			return distuv.Binomial{N: a[1], P: sigmoid(a[2])}.LogProb(a[0])
		}},
	{name: "PoissonLog", args: []distArg{distCountArg(0, 15), distUniformArg(-1, 2.5)},
		op:  func(a ...*Var) *Var { return PoissonLogLogPmf(a[0], a[1]) },
		ref: func(a []float64) float64 { return distuv.Poisson{Lambda: math.Exp(a[1])}.LogProb(a[0]) }},
}

// TestDistMatchesDistuv checks every log density against distuv's LogProb
// at 200 random points, element by element, and the sum over a vector.
func TestDistMatchesDistuv(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const n = 200
	for _, fam := range distFamilies {
		tape := NewTape()
		vals := make([][]float64, len(fam.args))
		for j, arg := range fam.args {
			vals[j] = make([]float64, n)
			for i := range vals[j] {
				vals[j][i] = arg.draw(rng)
			}
		}
		total := 0.0
		a := make([]float64, len(fam.args))
		for i := range n {
			vs := make([]*Var, len(fam.args))
			for j := range fam.args {
				a[j] = vals[j][i]
				vs[j] = tape.Scalar(a[j])
			}
			got, want := fam.op(vs...).Scalar(), fam.ref(a)
			total += want
			// distuv computes the same closed forms, possibly in another
			// order: agreement to a few ulps of the terms' magnitude.
			if math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
				t.Errorf("%s%v = %.17g, distuv %.17g", fam.name, a, got, want)
			}
		}
		// The vector form sums the elements; here the parameters are
		// parameters (with gradients) to take the other recording path.
		vs := make([]*Var, len(fam.args))
		for j, arg := range fam.args {
			if arg.data {
				vs[j] = tape.Const(vals[j])
			} else {
				vs[j] = tape.Param(vals[j])
			}
		}
		if got := fam.op(vs...).Scalar(); math.Abs(got-total) > 1e-10*max(1, math.Abs(total)) {
			t.Errorf("%s: sum over %d elements %.15g, distuv %.15g", fam.name, n, got, total)
		}
	}
}

// distTrial builds a random test function for fam: argument shapes drawn
// to broadcast against each other, each non-data argument either a slice
// of the parameter vector or (one time in four) a constant. It returns the
// function and two parameter points.
func distTrial(rng *rand.Rand, fam distFamily) (f Func, x, x2 []float64, isParam []bool) {
	k := len(fam.args)
	base := randShape(rng)
	shapes := make([][]int, k)
	for j := range shapes {
		shapes[j] = broadcastPartner(rng, base)
	}
	shapes[rng.IntN(k)] = base // at least one argument has the full shape
	type seg struct {
		param  bool
		lo, hi int       // in the parameter vector
		consts []float64 // when not a parameter
	}
	segs := make([]seg, k)
	n := 0
	for j, arg := range fam.args {
		m := numel(shapes[j])
		if arg.data || rng.IntN(4) == 0 {
			segs[j].consts = make([]float64, m)
			for i := range m {
				segs[j].consts[i] = arg.draw(rng)
			}
			continue
		}
		segs[j] = seg{param: true, lo: n, hi: n + m}
		n += m
	}
	if n == 0 { // every argument constant: make the last non-data one a parameter
		for j := k - 1; j >= 0; j-- {
			if !fam.args[j].data {
				m := numel(shapes[j])
				segs[j] = seg{param: true, lo: 0, hi: m}
				n = m
				break
			}
		}
	}
	point := func() []float64 {
		p := make([]float64, n)
		for j, s := range segs {
			if s.param {
				for i := s.lo; i < s.hi; i++ {
					p[i] = fam.args[j].draw(rng)
				}
			}
		}
		return p
	}
	f = func(t *Tape, p *Var) *Var {
		vs := make([]*Var, k)
		for j, s := range segs {
			if s.param {
				vs[j] = p.View(s.lo, s.hi, shapes[j]...)
			} else {
				vs[j] = t.Const(s.consts, shapes[j]...)
			}
		}
		return fam.op(vs...)
	}
	isParam = make([]bool, k)
	for j, s := range segs {
		isParam[j] = s.param
	}
	return f, point(), point(), isParam
}

// TestDistGradients checks gradients and Hessian-vector products of every
// log density in every argument with checkFunc, on random shapes with
// broadcasting (scalars against vectors, [n,1] against [1,k], ...).
func TestDistGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, fam := range distFamilies {
		covered := make([]bool, len(fam.args))
		for range 8 {
			f, x, x2, isParam := distTrial(rng, fam)
			checkFunc(t, fam.name, f, x, x2, true)
			for j, p := range isParam {
				covered[j] = covered[j] || p
			}
		}
		for j, arg := range fam.args {
			if !arg.data && !covered[j] {
				t.Errorf("%s: argument %d never a parameter in the trials", fam.name, j)
			}
		}
	}
}

// TestCategoricalLogits checks the fused categorical log mass against
// distuv.Categorical and its derivatives with checkFunc.
func TestCategoricalLogits(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for trial := range 6 {
		N, K := 1+rng.IntN(5), 1+rng.IntN(5)
		labels := make([]int, N)
		for i := range labels {
			labels[i] = rng.IntN(K)
		}
		logits := randVec(rng, N*K, -3, 3)
		if trial == 0 {
			logits[0] = 700 // exp would overflow without the max shift
		}
		want := 0.0
		for n := range N {
			w := make([]float64, K)
			m := math.Inf(-1)
			for k := range K {
				m = max(m, logits[n*K+k])
			}
			for k := range K {
				w[k] = math.Exp(logits[n*K+k] - m)
			}
			want += distuv.NewCategorical(w, nil).LogProb(float64(labels[n]))
		}
		tape := NewTape()
		got := CategoricalLogitsLogPmf(labels, tape.Const(logits, N, K)).Scalar()
		if math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
			t.Errorf("N=%d K=%d: %.17g, distuv %.17g", N, K, got, want)
		}
		if trial == 0 {
			continue // finite differences at logit 700 are ill-conditioned
		}
		f := func(t *Tape, x *Var) *Var { return CategoricalLogitsLogPmf(labels, Reshape(x, N, K)) }
		checkFunc(t, "CategoricalLogits", f, logits, randVec(rng, N*K, -3, 3), true)
	}
	// A vector of logits is one row.
	f := func(t *Tape, x *Var) *Var { return CategoricalLogitsLogPmf([]int{2}, x) }
	checkFunc(t, "CategoricalLogits 1-D", f, []float64{0.3, -1, 2, 0.1}, nil, true)
}

// TestCategoricalLabelsReplay: labels are read at every replay, so a
// minibatch can change them in place; an invalid one gives -Inf then.
func TestCategoricalLabelsReplay(t *testing.T) {
	labels := []int{0, 1}
	f := func(t *Tape, x *Var) *Var { return CategoricalLogitsLogPmf(labels, Reshape(x, 2, 2)) }
	x := []float64{1, 0, 0, 1}
	c, err := Compile(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, 4)
	v0 := c.LogProb(g, x)
	labels[0], labels[1] = 1, 0
	if v1 := c.LogProb(g, x); !(v1 < v0) {
		t.Errorf("changed labels not seen on replay: %g then %g", v0, v1)
	}
	labels[0] = 5
	if v := c.LogProb(g, x); !math.IsInf(v, -1) {
		t.Errorf("invalid label on replay: %g, want -Inf", v)
	}
}

// TestDistEdgeValues: outside the support -Inf with a finite (zero)
// gradient, an invalid parameter NaN, never a panic.
func TestDistEdgeValues(t *testing.T) {
	cases := []struct {
		name string
		f    Func
		x    []float64
		want float64 // -Inf or NaN
	}{
		{"Gamma x<0", func(t *Tape, p *Var) *Var { return GammaLogPdf(t.Scalar(-1), p.View(0, 1), p.View(1, 2)) }, []float64{2, 1}, math.Inf(-1)},
		{"Gamma x=0 alpha>1", func(t *Tape, p *Var) *Var { return GammaLogPdf(t.Scalar(0), p.View(0, 1), p.View(1, 2)) }, []float64{2, 1}, math.Inf(-1)},
		{"InverseGamma x=0", func(t *Tape, p *Var) *Var { return InverseGammaLogPdf(t.Scalar(0), p.View(0, 1), p.View(1, 2)) }, []float64{2, 1}, math.Inf(-1)},
		{"Beta x>1", func(t *Tape, p *Var) *Var { return BetaLogPdf(t.Scalar(1.5), p.View(0, 1), p.View(1, 2)) }, []float64{2, 1}, math.Inf(-1)},
		{"HalfNormal x<0", func(t *Tape, p *Var) *Var { return HalfNormalLogPdf(t.Scalar(-0.1), p) }, []float64{1}, math.Inf(-1)},
		{"HalfCauchy x<0", func(t *Tape, p *Var) *Var { return HalfCauchyLogPdf(t.Scalar(-0.1), p) }, []float64{1}, math.Inf(-1)},
		{"LogNormal x=0", func(t *Tape, p *Var) *Var { return LogNormalLogPdf(t.Scalar(0), p.View(0, 1), p.View(1, 2)) }, []float64{0, 1}, math.Inf(-1)},
		{"Uniform x>hi", func(t *Tape, p *Var) *Var { return UniformLogPdf(t.Scalar(3), p.View(0, 1), p.View(1, 2)) }, []float64{0, 1}, math.Inf(-1)},
		{"Uniform lo>hi", func(t *Tape, p *Var) *Var { return UniformLogPdf(t.Scalar(0.5), p.View(0, 1), p.View(1, 2)) }, []float64{1, 0}, math.NaN()},
		{"Exponential x<0", func(t *Tape, p *Var) *Var { return ExponentialLogPdf(t.Scalar(-0.1), p) }, []float64{1}, math.Inf(-1)},
		{"Bernoulli y=2", func(t *Tape, p *Var) *Var { return BernoulliLogitLogPmf(t.Scalar(2), p) }, []float64{0.3}, math.Inf(-1)},
		{"Binomial k>n", func(t *Tape, p *Var) *Var { return BinomialLogitLogPmf(t.Scalar(4), t.Scalar(3), p) }, []float64{0.3}, math.Inf(-1)},
		{"Poisson k=1.5", func(t *Tape, p *Var) *Var { return PoissonLogLogPmf(t.Scalar(1.5), p) }, []float64{0.3}, math.Inf(-1)},
		{"Normal sigma=0", func(t *Tape, p *Var) *Var { return NormalLogPdf(t.Scalar(1), p.View(0, 1), p.View(1, 2)) }, []float64{0, 0}, math.NaN()},
		{"Normal sigma<0", func(t *Tape, p *Var) *Var { return NormalLogPdf(t.Scalar(1), p.View(0, 1), p.View(1, 2)) }, []float64{0, -1}, math.NaN()},
		{"StudentT nu<0", func(t *Tape, p *Var) *Var { return StudentTLogPdf(t.Scalar(1), p, t.Scalar(0), t.Scalar(1)) }, []float64{-1}, math.NaN()},
		{"Gamma beta<0 x<0", func(t *Tape, p *Var) *Var { return GammaLogPdf(t.Scalar(-1), t.Scalar(1), p) }, []float64{-1}, math.NaN()},
		{"Binomial n=2.5", func(t *Tape, p *Var) *Var { return BinomialLogitLogPmf(t.Scalar(1), t.Scalar(2.5), p) }, []float64{0.3}, math.NaN()},
	}
	for _, c := range cases {
		g := make([]float64, len(c.x))
		v, err := Grad(c.f, g, c.x)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if math.IsNaN(c.want) {
			if !math.IsNaN(v) {
				t.Errorf("%s = %g, want NaN", c.name, v)
			}
			continue
		}
		if v != c.want {
			t.Errorf("%s = %g, want %g", c.name, v, c.want)
		}
		for i, gi := range g {
			if gi != 0 {
				t.Errorf("%s: grad[%d] = %g, want 0 outside the support", c.name, i, gi)
			}
		}
	}
	// At the edge of the support with a = 1 the density is finite (distuv).
	tape := NewTape()
	if v := GammaLogPdf(tape.Scalar(0), tape.Scalar(1), tape.Scalar(2)).Scalar(); v != math.Log(2) {
		t.Errorf("Gamma(0 | 1, 2) = %g, want log 2", v)
	}
	if v := BetaLogPdf(tape.Scalar(1), tape.Scalar(2), tape.Scalar(1)).Scalar(); math.Abs(v-math.Log(2)) > 1e-15 {
		t.Errorf("Beta(1 | 2, 1) = %g, want log 2", v)
	}
	// Extreme logits stay finite.
	for _, l := range []float64{-800, 800} {
		for _, y := range []float64{0, 1} {
			g := make([]float64, 1)
			v, _ := Grad(func(t *Tape, p *Var) *Var { return BernoulliLogitLogPmf(t.Scalar(y), p) }, g, []float64{l})
			if math.IsNaN(v) || math.IsNaN(g[0]) || math.IsInf(g[0], 0) {
				t.Errorf("BernoulliLogit(%g | %g) = %g, grad %g", y, l, v, g[0])
			}
		}
	}
}

func TestDistMisuse(t *testing.T) {
	cases := []struct {
		name string
		f    Func
		want []string
	}{
		{"broadcast", func(t *Tape, x *Var) *Var {
			return NormalLogPdf(x.View(0, 2, 2), x.View(0, 3, 3), t.Scalar(1))
		}, []string{"NormalLogPdf", "broadcast", "[2]", "[3]"}},
		{"observation depends on parameters", func(t *Tape, x *Var) *Var {
			return BernoulliLogitLogPmf(x, t.Scalar(0))
		}, []string{"BernoulliLogitLogPmf", "constant"}},
		{"label out of range", func(t *Tape, x *Var) *Var {
			return CategoricalLogitsLogPmf([]int{0, 3}, Reshape(x.View(0, 2), 2, 1))
		}, []string{"CategoricalLogitsLogPmf", "label 3", "row 1"}},
		{"label count", func(t *Tape, x *Var) *Var {
			return CategoricalLogitsLogPmf([]int{0}, Reshape(x.View(0, 2), 2, 1))
		}, []string{"1 labels for 2 rows"}},
		{"bounds", func(t *Tape, x *Var) *Var {
			y, lj := Bounded(x, 2, 1)
			return Add(Sum(y), lj)
		}, []string{"Bounded", "not below"}},
		{"infinite bound", func(t *Tape, x *Var) *Var {
			y, lj := LowerBound(x, math.Inf(-1))
			return Add(Sum(y), lj)
		}, []string{"LowerBound", "not finite"}},
	}
	for _, c := range cases {
		_, err := Grad(c.f, make([]float64, 3), []float64{1, 2, 3})
		var oe *OpError
		if !errors.As(err, &oe) {
			t.Errorf("%s: got %v, want an *OpError", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not mention %q", c.name, err, w)
			}
		}
	}
}

// distModel is a small hierarchical model using several densities and
// transforms, for the allocation test and the benchmark.
func distModel(y []float64) Func {
	return func(t *Tape, p *Var) *Var {
		n := len(y)
		mu := p.View(0, 1)
		sigma, lj := Positive(p.View(1, 2))
		nu, lj2 := LowerBound(p.View(2, 3), 1)
		theta := p.View(3, 3+n)
		lp := Add(NormalLogPdf(mu, t.Scalar(0), t.Scalar(5)), HalfCauchyLogPdf(sigma, t.Scalar(2)))
		lp = Add(lp, GammaLogPdf(nu, t.Scalar(2), t.Scalar(0.1)))
		lp = Add(lp, StudentTLogPdf(theta, nu, mu, sigma))
		lp = Add(lp, NormalLogPdf(t.Const(y), theta, t.Scalar(1)))
		return Add(lp, Add(lj, lj2))
	}
}

func TestDistCompiledAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	y := randVec(rng, 20, -2, 2)
	x := randVec(rng, 23, -1, 1)
	c, err := Compile(distModel(y), x, nil)
	if err != nil {
		t.Fatal(err)
	}
	g := make([]float64, len(x))
	if a := testing.AllocsPerRun(50, func() { c.LogProb(g, x) }); a != 0 {
		t.Errorf("LogProb allocates %g times per call", a)
	}
	hv, v := make([]float64, len(x)), randVec(rng, len(x), -1, 1)
	c.HessVec(hv, x, v)
	if a := testing.AllocsPerRun(50, func() { c.HessVec(hv, x, v) }); a != 0 {
		t.Errorf("HessVec allocates %g times per call", a)
	}
	checkFunc(t, "distModel", distModel(y), x, randVec(rng, 23, -1, 1), true)

	// The discrete families, categorical included, and the other transforms.
	labels := []int{0, 2, 1, 2}
	k := []float64{0, 3, 1, 5}
	discrete := func(t *Tape, p *Var) *Var {
		logits := Reshape(p.View(0, 12), 4, 3)
		lp := CategoricalLogitsLogPmf(labels, logits)
		lp = Add(lp, PoissonLogLogPmf(t.Const(k), p.View(0, 4)))
		lp = Add(lp, BinomialLogitLogPmf(t.Const(k), t.Scalar(5), p.View(4, 8)))
		lp = Add(lp, BernoulliLogitLogPmf(t.Const([]float64{0, 1, 1, 0}), p.View(8, 12)))
		b, lj := Bounded(p.View(0, 2), -1, 2)
		u, lj2 := UnitInterval(p.View(2, 3))
		lp = Add(lp, Add(BetaLogPdf(u, t.Scalar(2), t.Scalar(2)), Sum(Square(b))))
		return Add(lp, Add(lj, lj2))
	}
	x = randVec(rng, 12, -1, 1)
	c, err = Compile(discrete, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, hv, v = make([]float64, 12), make([]float64, 12), randVec(rng, 12, -1, 1)
	c.HessVec(hv, x, v)
	if a := testing.AllocsPerRun(50, func() { c.LogProb(g, x); c.HessVec(hv, x, v) }); a != 0 {
		t.Errorf("discrete model: LogProb + HessVec allocate %g times per call", a)
	}
}

// TestNormalScalarScale checks the fast path of NormalLogPdf (scalar
// sigma) against the general elementwise op, and its derivatives.
func TestNormalScalarScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	cases := []struct{ x, mu []int }{
		{[]int{5}, []int{1}},
		{[]int{5}, []int{5}},
		{[]int{1}, []int{2, 3}},
		{[]int{3, 1}, []int{3, 4}},
		{[]int{2, 3}, []int{3}},
	}
	for _, c := range cases {
		nx, nm := numel(c.x), numel(c.mu)
		for constMask := range 8 { // which of x, mu, sigma are constants
			xs, ms := randVec(rng, nx, -2, 2), randVec(rng, nm, -2, 2)
			sv := 0.5 + 1.5*rng.Float64()
			args := func(t *Tape, p *Var) (x, mu, s *Var) {
				off := 0
				pick := func(bit int, vals []float64, shape []int) *Var {
					if constMask&(1<<bit) != 0 {
						return t.Const(vals, shape...)
					}
					v := p.View(off, off+len(vals), shape...)
					off += len(vals)
					return v
				}
				return pick(0, xs, c.x), pick(1, ms, c.mu), pick(2, []float64{sv}, []int{1})
			}
			var p0 []float64
			for bit, v := range [][]float64{xs, ms, {sv}} {
				if constMask&(1<<bit) == 0 {
					p0 = append(p0, v...)
				}
			}
			if len(p0) == 0 {
				continue
			}
			fast := func(t *Tape, p *Var) *Var { x, mu, s := args(t, p); return NormalLogPdf(x, mu, s) }
			general := func(t *Tape, p *Var) *Var { x, mu, s := args(t, p); return logDensity(normalRule, x, mu, s) }
			gf, gg := make([]float64, len(p0)), make([]float64, len(p0))
			vf, _ := Grad(fast, gf, p0)
			vg, _ := Grad(general, gg, p0)
			if math.Abs(vf-vg) > 1e-12*max(1, math.Abs(vg)) {
				t.Errorf("x%v mu%v: fast %.17g, general %.17g", c.x, c.mu, vf, vg)
			}
			for i := range gf {
				if math.Abs(gf[i]-gg[i]) > 1e-12*max(1, math.Abs(gg[i])) {
					t.Errorf("x%v mu%v: grad[%d] fast %.17g, general %.17g", c.x, c.mu, i, gf[i], gg[i])
				}
			}
			p1 := append([]float64(nil), p0...)
			for i := range p1 {
				p1[i] += 0.3 * (rng.Float64() - 0.5) // stays inside: sigma >= 0.5
			}
			checkFunc(t, "NormalLogPdf scalar sigma", fast, p0, p1, true)
		}
	}
}

// TestDistInputReplay: observations given with Tape.Input may change in
// place between replays (minibatches); the memoised terms follow them.
func TestDistInputReplay(t *testing.T) {
	rng := rand.New(rand.NewPCG(27, 28))
	counts := func(n, hi int) []float64 {
		c := make([]float64, n)
		for i := range c {
			c[i] = float64(rng.IntN(hi + 1))
		}
		return c
	}
	const n = 6
	data := [][]float64{randVec(rng, n, -2, 2), counts(n, 5), counts(n, 1), randVec(rng, n, 0.2, 3)}
	trials := make([]float64, n)
	for i := range trials {
		trials[i] = 5
	}
	f := func(t *Tape, p *Var) *Var {
		lp := NormalLogPdf(t.Input(data[0]), p.View(0, 1), Exp(p.View(1, 2)))               // scalar sigma
		lp = Add(lp, NormalLogPdf(t.Input(data[0]), p.View(0, 1), Exp(p.View(2, 2+n))))     // vector sigma
		lp = Add(lp, PoissonLogLogPmf(t.Input(data[1]), p.View(2, 2+n)))                    // per-element log k!
		lp = Add(lp, BinomialLogitLogPmf(t.Input(data[1]), t.Const(trials), p.View(0, 1)))  // per-element log C(n,k)
		lp = Add(lp, BernoulliLogitLogPmf(t.Input(data[2]), p.View(2, 2+n)))                // -
		return Add(lp, GammaLogPdf(t.Input(data[3]), Exp(p.View(1, 2)), Exp(p.View(0, 1)))) // log x lpMemo
	}
	x := randVec(rng, 2+n, -1, 1)
	c, err := Compile(f, x, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, g2 := make([]float64, len(x)), make([]float64, len(x))
	for round := range 3 {
		data[0] = append(data[0][:0], randVec(rng, n, -2, 2)...)
		copy(data[1], counts(n, 5))
		copy(data[2], counts(n, 1))
		copy(data[3], randVec(rng, n, 0.2, 3))
		v := c.LogProb(g, x)
		v2, err := Grad(f, g2, x)
		if err != nil {
			t.Fatal(err)
		}
		if v != v2 {
			t.Errorf("round %d: replay %.17g, fresh recording %.17g", round, v, v2)
		}
		for i := range g {
			if g[i] != g2[i] {
				t.Errorf("round %d: grad[%d] replay %g, fresh %g", round, i, g[i], g2[i])
			}
		}
	}
}
