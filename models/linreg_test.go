package models_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
	"gonum.org/v1/gonum/stat"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/models"
)

// pool concatenates chains.
func pool(x [][]float64) []float64 {
	var out []float64
	for _, c := range x {
		out = append(out, c...)
	}
	return out
}

func testLinReg(t *testing.T) *models.LinearRegression {
	t.Helper()
	d, err := datasets.GibbsHMCLinear().Simulate(1)
	if err != nil {
		t.Fatal(err)
	}
	m, err := models.NewLinearRegression(d)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestLinearRegressionGradient checks LogProb's gradient against central finite
// differences at random points.
func TestLinearRegressionGradient(t *testing.T) {
	m := testLinReg(t)
	rng := rand.New(rand.NewPCG(1, 2))
	grad := make([]float64, m.Dim())
	want := make([]float64, m.Dim())
	for trial := 0; trial < 5; trial++ {
		x := make([]float64, m.Dim())
		for j := range x {
			x[j] = 2*rng.Float64() - 1
		}
		x[m.Dim()-1] = 0.5 + 5*rng.Float64()
		m.LogProb(grad, x)
		fd.Gradient(want, func(x []float64) float64 { return m.LogProb(make([]float64, len(x)), x) }, x, &fd.Settings{Formula: fd.Central})
		for j := range grad {
			// Central differences with the default step are accurate to
			// about 1e-6 relative for this smooth polynomial-log density.
			if math.Abs(grad[j]-want[j]) > 1e-5*math.Max(1, math.Abs(want[j])) {
				t.Errorf("trial %d: d/d%s = %v, finite differences %v", trial, m.ParamNames()[j], grad[j], want[j])
			}
		}
	}
	if lp := m.LogProb(grad, []float64{0, 0, 0, 0, -1}); !math.IsInf(lp, -1) {
		t.Errorf("log p at τ = -1 is %v, want -Inf", lp)
	}
}

// TestLinearRegressionExactAgainstGibbs checks the quadrature against a long run of the
// two-block Gibbs sampler with exact conditionals: |mean − exact| < 4 MCSE.
func TestLinearRegressionExactAgainstGibbs(t *testing.T) {
	m := testLinReg(t)
	e, err := m.ExactPosterior(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	const chains, n = 4, 2500
	draws := make([][][]float64, m.Dim()) // param × chain × draw
	for j := range draws {
		draws[j] = make([][]float64, chains)
	}
	for c := 0; c < chains; c++ {
		x, err := m.ExactGibbs(n, make([]float64, m.Inputs()+1), uint64(c+1))
		if err != nil {
			t.Fatal(err)
		}
		for j := range draws {
			for _, row := range x[100:] {
				draws[j][c] = append(draws[j][c], row[j])
			}
		}
	}
	for j, name := range e.Names {
		mean, sd := stat.MeanStdDev(pool(draws[j]), nil)
		se, err := diag.MCSEMean(draws[j])
		if err != nil {
			t.Fatal(err)
		}
		if z := (mean - e.Mean[j]) / se; math.Abs(z) > 4 {
			t.Errorf("%s: Gibbs mean %.5f, quadrature %.5f, z = %.2f", name, mean, e.Mean[j], z)
		}
		t.Logf("%s: Gibbs %.5f ± %.5f (sd %.4f), quadrature %.5f (sd %.4f)", name, mean, se, sd, e.Mean[j], e.SD[j])
	}
	// The marginal densities integrate to 1 and have the quadrature's
	// means (midpoint rule on a fine grid over ±10 sd: error far below
	// 1e-4).
	for j := range e.Names {
		dens := e.TauDensity()
		if j < m.Inputs()+1 {
			dens = e.Density(j)
		}
		lo, hi := e.Mean[j]-10*e.SD[j], e.Mean[j]+10*e.SD[j]
		const n = 4000
		h := (hi - lo) / n
		var mass, mean float64
		for i := 0; i < n; i++ {
			x := lo + (float64(i)+0.5)*h
			mass += dens(x) * h
			mean += x * dens(x) * h
		}
		if math.Abs(mass-1) > 1e-4 || math.Abs(mean-e.Mean[j]) > 1e-3*e.SD[j] {
			t.Errorf("%s: density integrates to %.6f with mean %.5f, want 1 and %.5f", e.Names[j], mass, mean, e.Mean[j])
		}
	}
}

// TestLinearRegressionErrors: bad data and bad predictions are errors.
func TestLinearRegressionErrors(t *testing.T) {
	if _, err := models.NewLinearRegression(&datasets.Regression{}); err == nil {
		t.Error("empty data set: no error")
	}
	if _, err := models.NewLinearRegression(&datasets.Regression{X: [][]float64{{1, 2}, {1}}, Y: []float64{1, 2}}); err == nil {
		t.Error("ragged rows: no error")
	}
	if _, err := models.NewLinearRegression(&datasets.Regression{X: [][]float64{{1}, {2}}, Y: []float64{1}}); err == nil {
		t.Error("fewer targets than rows: no error")
	}
	m := testLinReg(t)
	if _, err := m.Predict(nil, [][]float64{{1, 2}}, []float64{1, 1, 1, 1}); err == nil {
		t.Error("short row: no error")
	}
	if _, err := m.Predict(nil, [][]float64{{1, 2, 3}}, []float64{1, 1}); err == nil {
		t.Error("short coefficients: no error")
	}
	if got, err := m.Predict(nil, [][]float64{{1, 2, 3}}, []float64{1, 1, 1, 0.5}); err != nil || got[0] != 6.5 {
		t.Errorf("Predict = %v, %v, want 6.5", got, err)
	}
}

// The exact posterior of Bayesian linear regression with an unknown noise
// precision, by quadrature over τ, for 100 simulated points.
func ExampleLinearRegression_ExactPosterior() {
	d, err := datasets.GibbsHMCLinear().Simulate(1)
	if err != nil {
		fmt.Println(err)
		return
	}
	m, err := models.NewLinearRegression(d)
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := m.ExactPosterior(0, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range e.Names {
		fmt.Printf("%-3s %7.3f ± %.3f\n", name, e.Mean[j], e.SD[j])
	}
	// Output:
	// w1    1.494 ± 0.086
	// w2   -0.842 ± 0.090
	// w3    0.705 ± 0.079
	// b     0.527 ± 0.047
	// tau   4.718 ± 0.681
}
