package model_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
	"github.com/bayesnn-go/bayesnn/samplers"
)

const pdbDir = "../../shared/posteriordb"

// Eight schools (posteriordb's data).
var (
	schoolsY     = []float64{28, 8, -3, 7, -1, 1, 18, 12}
	schoolsSigma = []float64{15, 10, 16, 11, 9, 11, 10, 18}
)

// eightSchools is posteriordb's eight_schools_noncentered on the layer
// (tau ~ HalfCauchy(5) is Stan's cauchy(0, 5) on tau >= 0 up to a constant).
func eightSchools(y, sigma []float64) *model.Model {
	return model.New("eight_schools_nc", func(m *model.M) {
		mu := m.Sample("mu", dist.Normal(0.0, 5.0))
		tau := m.Sample("tau", dist.HalfCauchy(5.0))
		eta := m.Sample("theta_trans", dist.Normal(0.0, 1.0), len(y))
		theta := m.Deterministic("theta", ad.Add(mu, ad.Mul(tau, eta)))
		m.Observe("y", dist.Normal(theta, sigma), y)
	})
}

// TestEightSchoolsPosteriorDB fits eight schools with NUTS (4 chains ×
// 1000 + 1000, Stan's defaults) and compares the means of mu, tau and
// theta[1..8] with posteriordb's reference: |mean - ref| <
// 4·sqrt(MCSE² + MCSE_ref²) (posteriordb's rule).
func TestEightSchoolsPosteriorDB(t *testing.T) {
	dir := filepath.Join(pdbDir, "eight_schools-eight_schools_noncentered")
	b, err := os.ReadFile(filepath.Join(dir, "reference_mean.json"))
	if err != nil {
		t.Skip("posteriordb reference not found")
	}
	var ref struct {
		Names []string  `json:"names"`
		Mean  []float64 `json:"mean_value"`
		MCSE  []float64 `json:"mcse_mean"`
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	// adapt_delta 0.95 as the reference run (reference_info.json).
	fit, err := model.Sample(context.Background(), eightSchools(schoolsY, schoolsSigma),
		samplers.Options{Chains: 4, Seed: 1, TargetAccept: 0.95})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := diag.Summarize(fit.Trace, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]diag.ParamSummary{}
	for _, r := range sum.Params {
		rows[r.Name] = r
	}
	for i, name := range ref.Names {
		r, ok := rows[name]
		if !ok {
			t.Fatalf("summary has no %s (columns %v)", name, fit.Trace.Names)
		}
		bound := 4 * math.Sqrt(r.MCSEMean*r.MCSEMean+ref.MCSE[i]*ref.MCSE[i])
		if math.Abs(r.Mean-ref.Mean[i]) > bound || r.RHat > 1.01 {
			t.Errorf("%s: mean %.4g, reference %.4g (bound %.3g), R-hat %.4f", name, r.Mean, ref.Mean[i], bound, r.RHat)
		}
	}
	if len(fit.LogLik) != 4 || len(fit.LogLik[0]) != 1000 || len(fit.LogLik[0][0]) != 8 {
		t.Errorf("LogLik shape [%d][%d][%d], want [4][1000][8]", len(fit.LogLik), len(fit.LogLik[0]), len(fit.LogLik[0][0]))
	}
	if fit.Trace.Divergences() != fit.Unconstrained.Divergences() {
		t.Errorf("constrained trace lost the divergences")
	}
}
