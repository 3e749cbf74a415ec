package autodiff

import (
	"fmt"
	"math"
	"strings"
	"text/tabwriter"

	"gonum.org/v1/gonum/diff/fd"
)

// GradientRow compares one coordinate of an analytic gradient with a
// finite-difference estimate.
type GradientRow struct {
	Index    int
	Name     string
	Value    float64 // the parameter's value
	Analytic float64
	Finite   float64
	AbsError float64
	RelError float64 // AbsError / max(1, |Finite|)
}

// GradientReport is the result of CheckGradient, as Stan's diagnose.
type GradientReport struct {
	LogProb float64
	Step    float64
	Rows    []GradientRow
}

// MaxRelError returns the largest relative error over the coordinates
// (NaN if any is NaN).
func (r *GradientReport) MaxRelError() float64 {
	m := 0.0
	for _, row := range r.Rows {
		if math.IsNaN(row.RelError) {
			return math.NaN()
		}
		m = max(m, row.RelError)
	}
	return m
}

// OK reports whether every coordinate agrees within tol (relative error).
func (r *GradientReport) OK(tol float64) bool { return r.MaxRelError() <= tol }

// String formats the report as a table.
func (r *GradientReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "log p = %g, central differences with step %g\n", r.LogProb, r.Step)
	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "param\tvalue\tmodel\tfinite diff\terror\trel error\t")
	for _, row := range r.Rows {
		name := row.Name
		if name == "" {
			name = fmt.Sprint(row.Index)
		}
		fmt.Fprintf(w, "%s\t%.6g\t%.9g\t%.9g\t%.3g\t%.3g\t\n", name, row.Value, row.Analytic, row.Finite, row.AbsError, row.RelError)
	}
	w.Flush()
	return b.String()
}

// CheckOptions configures CheckGradient. The zero value is the default.
type CheckOptions struct {
	Step  float64  // finite-difference step; default 1e-6
	Names []string // optional parameter names
}

// CheckGradient compares the gradient that logProb writes at x with central
// finite differences of its value, coordinate by coordinate.
func CheckGradient(logProb func(grad, x []float64) float64, x []float64, opts *CheckOptions) *GradientReport {
	var o CheckOptions
	if opts != nil {
		o = *opts
	}
	if o.Step == 0 {
		o.Step = 1e-6
	}
	n := len(x)
	grad := make([]float64, n)
	x0 := append([]float64(nil), x...)
	lp := logProb(grad, x0)
	scratch := make([]float64, n)
	f := func(y []float64) float64 { return logProb(scratch, y) }
	fdg := fd.Gradient(nil, f, x0, &fd.Settings{Formula: fd.Central, Step: o.Step})
	r := &GradientReport{LogProb: lp, Step: o.Step, Rows: make([]GradientRow, n)}
	for i := range n {
		row := GradientRow{Index: i, Value: x0[i], Analytic: grad[i], Finite: fdg[i]}
		if i < len(o.Names) {
			row.Name = o.Names[i]
		}
		row.AbsError = math.Abs(row.Analytic - row.Finite)
		row.RelError = row.AbsError / max(1, math.Abs(row.Finite))
		r.Rows[i] = row
	}
	return r
}
