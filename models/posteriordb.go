package models

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// PosteriorDB returns the model of a posteriordb posterior folder (named
// "<data>-<model>", holding data.json), written by hand from its
// model.stan. Supported: PosteriorDBNames().
func PosteriorDB(dir string) (*Model, error) {
	name := filepath.Base(filepath.Clean(dir))
	build, ok := posteriordbModels[name]
	if !ok {
		return nil, fmt.Errorf("models: no Go model for posterior %q (have %s)", name, strings.Join(PosteriorDBNames(), ", "))
	}
	raw, err := os.ReadFile(filepath.Join(dir, "data.json"))
	if err != nil {
		return nil, fmt.Errorf("models: %w", err)
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(raw, &data); err != nil {
		return nil, fmt.Errorf("models: %s/data.json: %w", name, err)
	}
	m, err := build(jsonData{name: name, m: data})
	if err != nil {
		return nil, fmt.Errorf("models: %s: %w", name, err)
	}
	m.Name = name
	return m, nil
}

// PosteriorDBNames lists the posteriors PosteriorDB supports.
func PosteriorDBNames() []string {
	var s []string
	for k := range posteriordbModels {
		s = append(s, k)
	}
	sort.Strings(s)
	return s
}

var posteriordbModels = map[string]func(jsonData) (*Model, error){
	"eight_schools-eight_schools_noncentered": eightSchoolsNC,
	"kidiq-kidscore_interaction":              kidiqInteraction,
	"earnings-logearn_interaction_z":          earningsInteractionZ,
	"mesquite-logmesquite_logvas":             mesquiteLogvas,
	"arK-arK":                                 arK,
	"gp_pois_regr-gp_pois_regr":               gpPoisRegr,
	"low_dim_gauss_mix-low_dim_gauss_mix":     lowDimGaussMix,
	"garch-garch11":                           garch11,
	"sblri-blr":                               sblriBLR,
	"arma-arma11":                             arma11,
	"kilpisjarvi_mod-kilpisjarvi":             kilpisjarvi,
	"diamonds-diamonds":                       diamonds,
}

// jsonData reads fields of a data.json.
type jsonData struct {
	name string
	m    map[string]json.RawMessage
	err  error
}

func (d *jsonData) get(key string, v any) {
	if d.err != nil {
		return
	}
	raw, ok := d.m[key]
	if !ok {
		d.err = fmt.Errorf("data.json has no %q", key)
		return
	}
	if err := json.Unmarshal(raw, v); err != nil {
		d.err = fmt.Errorf("data.json %q: %w", key, err)
	}
}

func (d *jsonData) vec(key string) []float64 {
	var v []float64
	d.get(key, &v)
	return v
}

func (d *jsonData) num(key string) float64 {
	var v float64
	d.get(key, &v)
	return v
}

func (d *jsonData) matrix(key string) [][]float64 {
	var v [][]float64
	d.get(key, &v)
	return v
}

// scalar parameters and constants on a tape.
func c(t *ad.Tape, v float64) *ad.Var { return t.Scalar(v) }

// regression is y ~ N(X·β + a, σ) for a design X [N, K] (a nil if none).
func regressionMean(t *ad.Tape, x []float64, n, k int, beta *ad.Var) *ad.Var {
	return ad.Reshape(ad.MatMul(t.Const(x, n, k), ad.Reshape(beta, k, 1)), n)
}

// design stacks columns into a row-major [N, K] matrix.
func design(cols ...[]float64) []float64 {
	n := len(cols[0])
	x := make([]float64, 0, n*len(cols))
	for i := range n {
		for _, col := range cols {
			x = append(x, col[i])
		}
	}
	return x
}

func ones(n int) []float64 {
	o := make([]float64, n)
	for i := range o {
		o[i] = 1
	}
	return o
}

// linearModel builds y ~ N(X β, σ) with β of len K, log σ last; prior adds
// the priors of β and σ (σ on its own scale; the log-Jacobian is added
// here).
func linearModel(y, x []float64, k int, betaName string, prior func(t *ad.Tape, beta, sigma *ad.Var) *ad.Var) *Model {
	n := len(y)
	unc := append(indexed(betaName, k), "log_sigma")
	names := append(indexed(betaName, k), "sigma")
	return &Model{
		Dim: k + 1, Unconstrained: unc, Names: names,
		LogDensity: func(t *ad.Tape, p *ad.Var) *ad.Var {
			beta := p.View(0, k)
			sigma, lj := ad.Positive(p.View(k, k+1))
			lp := ad.Add(ad.NormalLogPdf(t.Const(y), regressionMean(t, x, n, k, beta), sigma), lj)
			if prior != nil {
				lp = ad.Add(lp, prior(t, beta, sigma))
			}
			return lp
		},
		Constrain: func(out, p []float64) []float64 {
			out = dst(out, k+1)
			copy(out, p[:k])
			out[k] = math.Exp(p[k])
			return out
		},
	}
}

func eightSchoolsNC(d jsonData) (*Model, error) {
	y, sigma := d.vec("y"), d.vec("sigma")
	if d.err != nil {
		return nil, d.err
	}
	j := len(y)
	unc := append(indexed("theta_trans", j), "mu", "log_tau")
	names := append(indexed("theta", j), "mu", "tau")
	return &Model{
		Dim: j + 2, Unconstrained: unc, Names: names,
		LogDensity: func(t *ad.Tape, p *ad.Var) *ad.Var {
			tt := p.View(0, j)
			mu := p.View(j, j+1)
			tau, lj := ad.Positive(p.View(j+1, j+2))
			theta := ad.Add(ad.Mul(tt, tau), mu)
			lp := ad.NormalLogPdf(tt, c(t, 0), c(t, 1))
			lp = ad.Add(lp, ad.NormalLogPdf(t.Const(y), theta, t.Const(sigma)))
			lp = ad.Add(lp, ad.NormalLogPdf(mu, c(t, 0), c(t, 5)))
			lp = ad.Add(lp, ad.CauchyLogPdf(tau, c(t, 0), c(t, 5)))
			return ad.Add(lp, lj)
		},
		Constrain: func(out, p []float64) []float64 {
			out = dst(out, j+2)
			mu, tau := p[j], math.Exp(p[j+1])
			for i := range j {
				out[i] = p[i]*tau + mu
			}
			out[j], out[j+1] = mu, tau
			return out
		},
	}, nil
}

func kidiqInteraction(d jsonData) (*Model, error) {
	kid, iq, hs := d.vec("kid_score"), d.vec("mom_iq"), d.vec("mom_hs")
	if d.err != nil {
		return nil, d.err
	}
	inter := make([]float64, len(iq))
	for i := range iq {
		inter[i] = hs[i] * iq[i]
	}
	return linearModel(kid, design(ones(len(kid)), hs, iq, inter), 4, "beta",
		func(t *ad.Tape, _, sigma *ad.Var) *ad.Var { return ad.CauchyLogPdf(sigma, c(t, 0), c(t, 2.5)) }), nil
}

func earningsInteractionZ(d jsonData) (*Model, error) {
	earn, height, male := d.vec("earn"), d.vec("height"), d.vec("male")
	if d.err != nil {
		return nil, d.err
	}
	n := len(earn)
	logEarn := make([]float64, n)
	mean, sd := meanSD(height)
	z, inter := make([]float64, n), make([]float64, n)
	for i := range n {
		logEarn[i] = math.Log(earn[i])
		z[i] = (height[i] - mean) / sd
		inter[i] = z[i] * male[i]
	}
	return linearModel(logEarn, design(ones(n), z, male, inter), 4, "beta", nil), nil
}

// meanSD returns the mean and the sample standard deviation (n-1), as
// Stan's mean() and sd().
func meanSD(x []float64) (float64, float64) {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return m, math.Sqrt(s / float64(len(x)-1))
}

func mesquiteLogvas(d jsonData) (*Model, error) {
	w, d1, d2 := d.vec("weight"), d.vec("diam1"), d.vec("diam2")
	ch, th, den, grp := d.vec("canopy_height"), d.vec("total_height"), d.vec("density"), d.vec("group")
	if d.err != nil {
		return nil, d.err
	}
	n := len(w)
	cols := make([][]float64, 7)
	for k := range cols {
		cols[k] = make([]float64, n)
	}
	y := make([]float64, n)
	for i := range n {
		y[i] = math.Log(w[i])
		cols[0][i] = 1
		cols[1][i] = math.Log(d1[i] * d2[i] * ch[i])
		cols[2][i] = math.Log(d1[i] * d2[i])
		cols[3][i] = math.Log(d1[i] / d2[i])
		cols[4][i] = math.Log(th[i])
		cols[5][i] = math.Log(den[i])
		cols[6][i] = grp[i]
	}
	return linearModel(y, design(cols...), 7, "beta", nil), nil
}

func sblriBLR(d jsonData) (*Model, error) {
	x, y := d.matrix("X"), d.vec("y")
	if d.err != nil {
		return nil, d.err
	}
	k := len(x[0])
	flat := make([]float64, 0, len(x)*k)
	for _, r := range x {
		flat = append(flat, r...)
	}
	return linearModel(y, flat, k, "beta", func(t *ad.Tape, beta, sigma *ad.Var) *ad.Var {
		return ad.Add(ad.NormalLogPdf(beta, c(t, 0), c(t, 10)), ad.NormalLogPdf(sigma, c(t, 0), c(t, 10)))
	}), nil
}

func arK(d jsonData) (*Model, error) {
	y := d.vec("y")
	kf := d.num("K")
	if d.err != nil {
		return nil, d.err
	}
	k := int(kf)
	n := len(y) - k
	// Row t of the design: 1, y[t-1], ..., y[t-K] for t = K..T-1.
	x := make([]float64, 0, n*(k+1))
	for t := k; t < len(y); t++ {
		x = append(x, 1)
		for j := 1; j <= k; j++ {
			x = append(x, y[t-j])
		}
	}
	m := linearModel(y[k:], x, k+1, "coef", func(t *ad.Tape, coef, sigma *ad.Var) *ad.Var {
		return ad.Add(ad.NormalLogPdf(coef, c(t, 0), c(t, 10)), ad.CauchyLogPdf(sigma, c(t, 0), c(t, 2.5)))
	})
	m.Unconstrained = append(append([]string{"alpha"}, indexed("beta", k)...), "log_sigma")
	m.Names = append(append([]string{"alpha"}, indexed("beta", k)...), "sigma")
	return m, nil
}

func kilpisjarvi(d jsonData) (*Model, error) {
	x, y := d.vec("x"), d.vec("y")
	pma, psa, pmb, psb := d.num("pmualpha"), d.num("psalpha"), d.num("pmubeta"), d.num("psbeta")
	if d.err != nil {
		return nil, d.err
	}
	m := linearModel(y, design(ones(len(x)), x), 2, "coef", func(t *ad.Tape, coef, _ *ad.Var) *ad.Var {
		return ad.Add(ad.NormalLogPdf(coef.View(0, 1), c(t, pma), c(t, psa)), ad.NormalLogPdf(coef.View(1, 2), c(t, pmb), c(t, psb)))
	})
	m.Unconstrained = []string{"alpha", "beta", "log_sigma"}
	m.Names = []string{"alpha", "beta", "sigma"}
	return m, nil
}

func diamonds(d jsonData) (*Model, error) {
	x, y := d.matrix("X"), d.vec("Y")
	if d.err != nil {
		return nil, d.err
	}
	n, k := len(x), len(x[0])
	kc := k - 1
	means := make([]float64, kc)
	for _, r := range x {
		for j := 1; j < k; j++ {
			means[j-1] += r[j] / float64(n)
		}
	}
	xc := make([]float64, 0, n*kc)
	for _, r := range x {
		for j := 1; j < k; j++ {
			xc = append(xc, r[j]-means[j-1])
		}
	}
	// t_3(0, 10) on sigma truncated at 0: the lccdf(0) term is log ½.
	unc := append(indexed("b", kc), "Intercept", "log_sigma")
	names := append(indexed("b", kc), "Intercept", "sigma")
	return &Model{
		Dim: kc + 2, Unconstrained: unc, Names: names,
		LogDensity: func(t *ad.Tape, p *ad.Var) *ad.Var {
			b := p.View(0, kc)
			ic := p.View(kc, kc+1)
			sigma, lj := ad.Positive(p.View(kc+1, kc+2))
			lp := ad.NormalLogPdf(b, c(t, 0), c(t, 1))
			lp = ad.Add(lp, ad.StudentTLogPdf(ic, c(t, 3), c(t, 8), c(t, 10)))
			lp = ad.Add(lp, ad.AddConst(ad.StudentTLogPdf(sigma, c(t, 3), c(t, 0), c(t, 10)), math.Ln2))
			mean := ad.Add(regressionMean(t, xc, n, kc, b), ic)
			lp = ad.Add(lp, ad.NormalLogPdf(t.Const(y), mean, sigma))
			return ad.Add(lp, lj)
		},
		Constrain: func(out, p []float64) []float64 {
			out = dst(out, kc+2)
			copy(out, p[:kc+1])
			out[kc+1] = math.Exp(p[kc+1])
			return out
		},
	}, nil
}
