package tests

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/models"
	"github.com/bayesnn-go/bayesnn/samplers"
)

const pdbDir = "../../shared/posteriordb"

type referenceMean struct {
	Names []string  `json:"names"`
	Mean  []float64 `json:"mean_value"`
	MCSE  []float64 `json:"mcse_mean"`
}

type referenceInfo struct {
	Inference struct {
		MethodArguments struct {
			Control struct {
				AdaptDelta float64 `json:"adapt_delta"`
			} `json:"control"`
		} `json:"method_arguments"`
	} `json:"inference"`
}

// TestPosteriorDB runs NUTS (4 chains × 1000 warm-up + 1000 draws, Stan's
// defaults, adapt_delta as the reference run) on the posteriordb
// posteriors and compares every constrained parameter's mean with Stan's
// reference: |mean - ref| < 4·sqrt(MCSE² + MCSE_ref²) (posteriordb's rule),
// R-hat < 1.01 and no divergences (the references had none).
func TestPosteriorDB(t *testing.T) {
	if _, err := os.Stat(pdbDir); err != nil {
		t.Skip("shared posteriordb folder not found")
	}
	names := []string{
		"eight_schools-eight_schools_noncentered", "kidiq-kidscore_interaction",
		"earnings-logearn_interaction_z", "mesquite-logmesquite_logvas", "arK-arK",
		"gp_pois_regr-gp_pois_regr", "low_dim_gauss_mix-low_dim_gauss_mix", "garch-garch11",
		"sblri-blr", "arma-arma11", "kilpisjarvi_mod-kilpisjarvi",
	}
	if os.Getenv("BAYESNN_LONG") != "" {
		// 5000 rows × 25 columns and deep trees: minutes on 2 cores.
		names = append(names, "diamonds-diamonds")
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(pdbDir, name)
			m, err := models.PosteriorDB(dir)
			if err != nil {
				t.Fatal(err)
			}
			var ref referenceMean
			readJSON(t, filepath.Join(dir, "reference_mean.json"), &ref)
			var info referenceInfo
			readJSON(t, filepath.Join(dir, "reference_info.json"), &info)
			target, err := m.Target()
			if err != nil {
				t.Fatal(err)
			}
			opts := samplers.Options{Chains: 4, Seed: 20261122, TargetAccept: info.Inference.MethodArguments.Control.AdaptDelta}
			tr, err := samplers.Sample(context.Background(), target, opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := tr.Divergences(); d > 0 {
				t.Errorf("%d divergences", d)
			}
			con := m.ConstrainDraws(tr.Samples)
			k := len(m.Names)
			col := func(j int) [][]float64 {
				x := make([][]float64, tr.Chains)
				for c := range x {
					x[c] = make([]float64, tr.Draws)
					for d := range tr.Draws {
						x[c][d] = con[(c*tr.Draws+d)*k+j]
					}
				}
				return x
			}
			index := map[string]int{}
			for j, n := range m.Names {
				index[n] = j
			}
			for i, n := range ref.Names {
				j, ok := index[n]
				if !ok {
					t.Errorf("reference parameter %s missing from the Go model", n)
					continue
				}
				x := col(j)
				mean := 0.0
				for _, ch := range x {
					for _, v := range ch {
						mean += v
					}
				}
				mean /= float64(tr.Chains * tr.Draws)
				mcse, err := diag.MCSEMean(x)
				if err != nil {
					t.Fatal(err)
				}
				rhat, _ := diag.RHat(x)
				bound := 4 * math.Sqrt(mcse*mcse+ref.MCSE[i]*ref.MCSE[i])
				if math.Abs(mean-ref.Mean[i]) > bound || rhat > 1.01 {
					t.Errorf("%s: mean %.5g, reference %.5g (bound %.3g); R-hat %.4f", n, mean, ref.Mean[i], bound, rhat)
				}
			}
		})
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
