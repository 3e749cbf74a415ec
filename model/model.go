package model

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/dist"
)

type siteKind int

const (
	sampleSite siteKind = iota
	paramSite
	observeSite
	deterministicSite
	factorSite
)

func (k siteKind) String() string {
	return [...]string{"Sample", "Param", "Observe", "Deterministic", "Factor"}[k]
}

// layout is the static description of a site, fixed at discovery.
type layout struct {
	kind   siteKind
	name   string
	shape  []int // constrained shape (value shape for Observe)
	c      dist.Constraint
	off, n int // unconstrained slice (Sample, Param)
	size   int // number of constrained values (units for Observe)
}

// site is a site of one recording: the Vars of that tape.
type site struct {
	d    dist.Distribution
	x    *ad.Var   // constrained value (Sample, Param, Deterministic)
	data []float64 // Observe
}

// M records a model: the function given to New receives one and declares
// its sites through it. The same function runs once at New (to find the
// sites) and once per compiled copy; it must declare the same sites in the
// same order every time.
type M struct {
	t       *ad.Tape
	x       *ad.Var  // flat unconstrained parameters (nil at discovery)
	known   []layout // the layout (nil at discovery)
	layout  []layout
	sites   []site
	terms   []*ad.Var
	off     int
	err     error
	names   map[string]bool
	factors int
}

// Tape returns the tape the model is recorded on, to record constants.
func (m *M) Tape() *ad.Tape { return m.t }

// Const records a constant (data) on the model's tape.
func (m *M) Const(data []float64, shape ...int) *ad.Var { return m.t.Const(data, shape...) }

// fail records the first error and returns a placeholder Var of the shape
// so that the model function can run to its end.
func (m *M) fail(err error, shape []int) *ad.Var {
	if m.err == nil {
		m.err = err
	}
	n := max(numel(shape), 1)
	if len(shape) == 0 {
		return m.t.Scalar(math.NaN())
	}
	return m.t.Const(make([]float64, n), shape...)
}

func (m *M) declare(l layout) error {
	if l.name == "" {
		return fmt.Errorf("model: a %v site needs a name", l.kind)
	}
	if m.names[l.name] {
		return fmt.Errorf("model: site name %q used twice", l.name)
	}
	m.names[l.name] = true
	if m.known != nil {
		i := len(m.layout)
		if i >= len(m.known) || m.known[i].name != l.name || m.known[i].kind != l.kind || m.known[i].n != l.n {
			return fmt.Errorf("model: the model function declared %v site %q out of the order of its first run (it must declare the same sites every time)", l.kind, l.name)
		}
	}
	m.layout = append(m.layout, l)
	return nil
}

// latent declares a Sample or Param site and returns its constrained Var.
func (m *M) latent(kind siteKind, name string, c dist.Constraint, d dist.Distribution, shape []int) *ad.Var {
	n, err := c.FreeSize(shape)
	if err != nil {
		return m.fail(fmt.Errorf("model: %s: %w", name, err), shape)
	}
	l := layout{kind: kind, name: name, shape: shape, c: c, off: m.off, n: n, size: numel(shape)}
	if err := m.declare(l); err != nil {
		return m.fail(err, shape)
	}
	m.off += n
	var u *ad.Var
	if m.x == nil {
		u = m.t.Param(make([]float64, max(n, 1)))
		if n == 0 {
			u = u.View(0, 0)
		}
	} else {
		u = m.x.View(l.off, l.off+n)
	}
	x, lj := c.Transform(u, shape)
	if lj != nil {
		m.terms = append(m.terms, lj)
	}
	if d != nil {
		lp, err := d.LogProb(x)
		if err != nil {
			return m.fail(fmt.Errorf("model: %s: %w", name, err), shape)
		}
		m.terms = append(m.terms, lp)
	}
	m.sites = append(m.sites, site{d: d, x: x})
	return x
}

// Sample declares a parameter with prior d and returns its value on the
// constrained scale. Its shape is shape if given (the distribution's
// parameters broadcast into it), else the distribution's; its support,
// and so its transform, is the distribution's.
func (m *M) Sample(name string, d dist.Distribution, shape ...int) *ad.Var {
	if d == nil {
		return m.fail(fmt.Errorf("model: %s: nil distribution", name), shape)
	}
	ds, err := d.Shape()
	if err != nil {
		return m.fail(fmt.Errorf("model: %s: %w", name, err), shape)
	}
	if len(shape) == 0 {
		shape = ds
	}
	c, err := d.Support()
	if err != nil {
		return m.fail(fmt.Errorf("model: %s: %w", name, err), shape)
	}
	if c.Discrete() {
		return m.fail(fmt.Errorf("model: %s: %v has a discrete support (%v); HMC needs continuous parameters: marginalise it or observe it", name, d, c), shape)
	}
	return m.latent(sampleSite, name, c, d, append([]int(nil), shape...))
}

// Param declares a parameter without a prior (a flat density on its
// support; add one with Factor) and returns its constrained value.
func (m *M) Param(name string, c dist.Constraint, shape ...int) *ad.Var {
	if ev := c.EventShape(); ev != nil && len(shape) == 0 {
		shape = ev
	}
	return m.latent(paramSite, name, c, nil, append([]int(nil), shape...))
}

// dataOf converts observed data to flat values and a shape.
func dataOf(data any) ([]float64, []int, error) {
	switch x := data.(type) {
	case float64:
		return []float64{x}, []int{}, nil
	case int:
		return []float64{float64(x)}, []int{}, nil
	case []float64:
		return append([]float64(nil), x...), []int{len(x)}, nil
	case []int:
		v := make([]float64, len(x))
		for i, k := range x {
			v[i] = float64(k)
		}
		return v, []int{len(x)}, nil
	case [][]float64:
		if len(x) == 0 {
			return nil, nil, errors.New("empty data")
		}
		var v []float64
		for i, row := range x {
			if len(row) != len(x[0]) {
				return nil, nil, fmt.Errorf("data row %d has %d columns, row 0 has %d", i, len(row), len(x[0]))
			}
			v = append(v, row...)
		}
		return v, []int{len(x), len(x[0])}, nil
	case *ad.Var:
		if x == nil || x.NeedsGrad() {
			return nil, nil, errors.New("observed data must be a constant Var")
		}
		return append([]float64(nil), x.Value...), append([]int(nil), x.Shape...), nil
	}
	return nil, nil, fmt.Errorf("data of type %T; want float64, int, []float64, []int, [][]float64 or a constant *autodiff.Var", data)
}

// Observe declares observed data with likelihood d: its log density is
// added to the model's and recorded pointwise (one term per unit of d)
// for Fit.LogLik. data is float64, int, []float64, []int, [][]float64 or
// a constant Var, and must lie in d's support.
func (m *M) Observe(name string, d dist.Distribution, data any) {
	if d == nil {
		m.fail(fmt.Errorf("model: %s: nil distribution", name), nil)
		return
	}
	v, shape, err := dataOf(data)
	if err != nil {
		m.fail(fmt.Errorf("model: %s: %w", name, err), nil)
		return
	}
	if len(v) == 0 || len(v)%d.EventSize() != 0 {
		m.fail(fmt.Errorf("model: %s: %d values for units of %d", name, len(v), d.EventSize()), nil)
		return
	}
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			m.fail(fmt.Errorf("model: %s: observed data element %d is %v (data must be finite; drop or impute missing values)", name, i, x), nil)
			return
		}
	}
	c, err := d.Support()
	if err != nil {
		m.fail(fmt.Errorf("model: %s: %w", name, err), nil)
		return
	}
	if ev := c.EventShape(); ev == nil {
		if !c.Contains(v) {
			m.fail(fmt.Errorf("model: %s: data outside the %v support of %v", name, c, d), nil)
			return
		}
	}
	if err := m.declare(layout{kind: observeSite, name: name, shape: shape, size: len(v) / d.EventSize()}); err != nil {
		m.fail(err, nil)
		return
	}
	x := m.t.Const(v, shape...)
	lp, err := d.LogProb(x)
	if err != nil {
		m.fail(fmt.Errorf("model: %s: %w", name, err), nil)
		return
	}
	m.terms = append(m.terms, lp)
	m.sites = append(m.sites, site{d: d, data: v})
}

// Deterministic records v, a function of the parameters, as a generated
// quantity stored with every draw under name (name[i] for a vector; a
// one-element v is a scalar), and returns v.
func (m *M) Deterministic(name string, v *ad.Var) *ad.Var {
	if v == nil {
		return m.fail(fmt.Errorf("model: %s: nil Var", name), nil)
	}
	shape := append([]int(nil), v.Shape...)
	if len(shape) == 1 && shape[0] == 1 { // a scalar (scalars are [1] on the tape)
		shape = []int{}
	}
	if err := m.declare(layout{kind: deterministicSite, name: name, shape: shape, size: len(v.Value)}); err != nil {
		return m.fail(err, v.Shape)
	}
	m.sites = append(m.sites, site{x: v})
	return v
}

// Factor adds lp (a scalar Var, e.g. a prior written by hand) to the
// model's log density.
func (m *M) Factor(lp *ad.Var) {
	if lp == nil || len(lp.Value) != 1 {
		m.fail(errors.New("model: Factor needs a scalar Var"), nil)
		return
	}
	m.factors++
	if err := m.declare(layout{kind: factorSite, name: fmt.Sprintf("factor#%d", m.factors)}); err != nil {
		m.fail(err, nil)
		return
	}
	m.terms = append(m.terms, lp)
	m.sites = append(m.sites, site{})
}

// Score adds log d(x) to the model's log density: a prior on a Param
// (Stan's x ~ d for a parameter declared with its own constraint), or any
// density term that is not an observation.
func (m *M) Score(x *ad.Var, d dist.Distribution) {
	if x == nil || d == nil {
		m.fail(errors.New("model: Score: nil Var or distribution"), nil)
		return
	}
	lp, err := d.LogProb(x)
	if err != nil {
		m.fail(fmt.Errorf("model: Score: %w", err), nil)
		return
	}
	m.Factor(lp)
}

// total returns the sum of the recorded terms.
func (m *M) total() *ad.Var {
	if len(m.terms) == 0 {
		return m.t.Scalar(0)
	}
	lp := m.terms[0]
	for _, v := range m.terms[1:] {
		lp = ad.Add(lp, v)
	}
	if len(lp.Shape) != 1 || lp.Shape[0] != 1 {
		lp = ad.Reshape(lp, 1)
	}
	return lp
}

// Model is a named model: a function that declares its parameters,
// observations and generated quantities on an M.
type Model struct {
	name   string
	fn     func(*M)
	layout []layout
	dim    int
	err    error
}

// New records fn once to find its sites and returns the model. An error in
// the model (a bad distribution parameter, a discrete latent, a shape
// mismatch, a duplicate name) is kept and returned by Err, Target, Sample
// and the predictive functions.
func New(name string, fn func(m *M)) *Model {
	md := &Model{name: name, fn: fn}
	if fn == nil {
		md.err = fmt.Errorf("model: %s: nil model function", name)
		return md
	}
	m, err := md.run(ad.NewTape(), nil, nil)
	if err != nil {
		md.err = fmt.Errorf("model: %s: %w", name, err)
		return md
	}
	md.layout, md.dim = m.layout, m.off
	if md.dim == 0 {
		md.err = fmt.Errorf("model: %s: no parameters to sample", name)
	}
	return md
}

// run calls the model function on t, recovering autodiff's op errors.
func (md *Model) run(t *ad.Tape, x *ad.Var, known []layout) (m *M, err error) {
	m = &M{t: t, x: x, known: known, names: map[string]bool{}}
	defer func() {
		if r := recover(); r != nil {
			e, ok := r.(*ad.OpError)
			if !ok {
				panic(r)
			}
			err = e
		}
		if err == nil && m.err != nil {
			err = m.err
		}
		if err == nil && known != nil && len(m.layout) != len(known) {
			err = fmt.Errorf("model: the model function declared %d sites, %d at its first run", len(m.layout), len(known))
		}
	}()
	md.fn(m)
	return m, nil
}

// Name returns the model's name.
func (md *Model) Name() string { return md.name }

// Err returns the error found when the model was recorded, if any.
func (md *Model) Err() error { return md.err }

// Dim returns the number of unconstrained parameters.
func (md *Model) Dim() int { return md.dim }

// UnconstrainedNames names the unconstrained coordinates: a parameter's
// own names when it is real, else "<name>__u[i]" (1-based).
func (md *Model) UnconstrainedNames() []string {
	var names []string
	for _, l := range md.layout {
		if l.kind != sampleSite && l.kind != paramSite {
			continue
		}
		if l.c == dist.Real {
			names = append(names, elemNames(l.name, l.shape)...)
			continue
		}
		names = append(names, elemNames(l.name+"__u", []int{l.n})...)
	}
	return names
}

// Names returns the columns of a fit's Trace: every parameter on the
// constrained scale, then every deterministic quantity, Stan style
// (theta[1], L[1,2]; 1-based).
func (md *Model) Names() []string {
	var names []string
	for _, kind := range []siteKind{sampleSite, deterministicSite} {
		for _, l := range md.layout {
			if l.kind == kind || kind == sampleSite && l.kind == paramSite {
				names = append(names, elemNames(l.name, l.shape)...)
			}
		}
	}
	return names
}

// LogLikNames names the columns of Fit.LogLik: every unit of every
// Observe site in order (y[1], ..., or y for a single unit).
func (md *Model) LogLikNames() []string {
	var names []string
	for _, l := range md.layout {
		if l.kind == observeSite {
			if l.size == 1 {
				names = append(names, l.name)
			} else {
				names = append(names, elemNames(l.name, []int{l.size})...)
			}
		}
	}
	return names
}

func elemNames(name string, shape []int) []string {
	n := numel(shape)
	if len(shape) == 0 {
		return []string{name}
	}
	out := make([]string, 0, n)
	idx := make([]int, len(shape))
	for range n {
		parts := make([]string, len(idx))
		for i, v := range idx {
			parts[i] = fmt.Sprint(v + 1)
		}
		out = append(out, name+"["+strings.Join(parts, ",")+"]")
		for i := len(idx) - 1; i >= 0; i-- {
			idx[i]++
			if idx[i] < shape[i] {
				break
			}
			idx[i] = 0
		}
	}
	return out
}

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// instance is one compiled copy of a model (not safe for concurrent use).
type instance struct {
	md    *Model
	c     *ad.Compiled
	sites []site // the sites of the current recording
	err   error
}

func (md *Model) compile() (*instance, error) {
	if md.err != nil {
		return nil, md.err
	}
	in := &instance{md: md}
	f := func(t *ad.Tape, x *ad.Var) *ad.Var {
		m, err := md.run(t, x, md.layout)
		if err != nil {
			in.err = err
			return t.Scalar(math.NaN())
		}
		in.sites = m.sites
		return m.total()
	}
	c, err := ad.Compile(f, make([]float64, md.dim), &ad.CompileOptions{Names: md.UnconstrainedNames()})
	if err != nil {
		return nil, fmt.Errorf("model: %s: %w", md.name, err)
	}
	if in.err != nil {
		return nil, fmt.Errorf("model: %s: %w", md.name, in.err)
	}
	in.c = c
	return in, nil
}

// target is a Model as a sampler target: each clone compiles its own copy.
type target struct{ in *instance }

var (
	_ density.Target        = target{}
	_ density.Cloner        = target{}
	_ density.Namer         = target{}
	_ density.DataChecker   = target{}
	_ density.HessianTarget = target{}
)

func (t target) Dim() int                          { return t.in.md.dim }
func (t target) LogProb(grad, x []float64) float64 { return t.in.c.LogProb(grad, x) }
func (t target) ParamNames() []string              { return t.in.md.UnconstrainedNames() }

// Hessian writes the exact Hessian of the log density at x into dst (the
// tape's second-order rules), so that a model's target is a
// density.HessianTarget: RMHMC runs on it as on any other.
func (t target) Hessian(dst *mat.SymDense, x []float64) error {
	_, _, err := t.in.c.Hessian(dst, nil, x)
	return err
}

// HessianDeriv writes the derivatives of the Hessian of the log density at
// x into dst (see density.HessianTarget).
func (t target) HessianDeriv(dst []*mat.SymDense, x []float64) error {
	_, err := t.in.c.HessianDeriv(dst, x)
	return err
}

// CheckData reports data recorded with M.Const holding NaN or an infinity
// (see density.DataChecker).
func (t target) CheckData() error { return t.in.c.CheckData() }
func (t target) Clone() density.Target {
	in, err := t.in.md.compile()
	if err != nil { // cannot happen: the same function compiled before
		panic(err)
	}
	return target{in}
}

// Func returns the model's log density on the unconstrained space
// (Jacobians included) as an autodiff.Func of Dim parameters, to compose
// with code that takes one. A model with an error gives NaN.
func (md *Model) Func() ad.Func {
	return func(t *ad.Tape, x *ad.Var) *ad.Var {
		if md.err != nil {
			return t.Scalar(math.NaN())
		}
		m, err := md.run(t, x, md.layout)
		if err != nil {
			return t.Scalar(math.NaN())
		}
		return m.total()
	}
}

// Constrainer returns a function that writes into dst (len(Names), or nil
// to allocate) the constrained parameters and deterministic quantities at
// an unconstrained point u. The function is not safe for concurrent use.
func (md *Model) Constrainer() (func(dst, u []float64) ([]float64, error), error) {
	in, err := md.compile()
	if err != nil {
		return nil, err
	}
	k := len(md.Names())
	return func(dst, u []float64) ([]float64, error) {
		if len(u) != md.dim {
			return nil, fmt.Errorf("model: %s: point of dimension %d, want %d", md.name, len(u), md.dim)
		}
		if dst == nil {
			dst = make([]float64, k)
		}
		return dst, in.constrain(dst[:k], nil, u)
	}, nil
}

// Target compiles the model's log density on the unconstrained space
// (Jacobians included) as a sampler target. The tape is recorded once and
// replayed: a gradient allocates nothing. The target is a
// density.HessianTarget (exact Hessians from the tape), so every kernel,
// samplers.RMHMC included, runs on it.
func (md *Model) Target() (density.Target, error) {
	in, err := md.compile()
	if err != nil {
		return nil, err
	}
	return target{in}, nil
}

// constrain writes into dst (len(Names)) the constrained parameters and
// deterministic quantities at the unconstrained point u, and into ll (the
// number of LogLikNames, nil to skip) the pointwise log-likelihood.
func (in *instance) constrain(dst, ll, u []float64) error {
	in.c.Value(u)
	if in.err != nil {
		return in.err
	}
	p := 0
	for _, kind := range []siteKind{sampleSite, deterministicSite} {
		for i, l := range in.md.layout {
			if l.kind == kind || kind == sampleSite && l.kind == paramSite {
				p += copy(dst[p:], in.sites[i].x.Value)
			}
		}
	}
	if ll == nil {
		return nil
	}
	q := 0
	for i, l := range in.md.layout {
		if l.kind == observeSite {
			if err := in.sites[i].d.LogProbEach(ll[q:q+l.size], in.sites[i].data); err != nil {
				return fmt.Errorf("model: %s: %w", l.name, err)
			}
			q += l.size
		}
	}
	return nil
}
