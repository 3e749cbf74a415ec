package model_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/dist"
	"github.com/bayesnn-go/bayesnn/model"
	"github.com/bayesnn-go/bayesnn/models"
)

// kidiq is posteriordb's kidiq-kidscore_interaction on the layer: a flat
// prior on beta (Stan's default), sigma ~ HalfCauchy(2.5).
func kidiq(kid, hs, iq []float64) *model.Model {
	n := len(kid)
	x := make([]float64, 0, 4*n)
	for i := range n {
		x = append(x, 1, hs[i], iq[i], hs[i]*iq[i])
	}
	return model.New("kidiq_interaction", func(m *model.M) {
		beta := m.Param("beta", dist.Real, 4)
		sigma := m.Sample("sigma", dist.HalfCauchy(2.5))
		mu := ad.Reshape(ad.MatMul(m.Const(x, n, 4), ad.Reshape(beta, 4, 1)), n)
		m.Observe("kid_score", dist.Normal(mu, sigma), kid)
	})
}

func readPDB(b testing.TB, name string) (*models.Model, map[string][]float64) {
	dir := filepath.Join(pdbDir, name)
	if _, err := os.Stat(dir); err != nil {
		b.Skip("posteriordb not found")
	}
	hand, err := models.PosteriorDB(dir)
	if err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "data.json"))
	if err != nil {
		b.Fatal(err)
	}
	var data map[string]any
	if err := json.Unmarshal(raw, &data); err != nil {
		b.Fatal(err)
	}
	vecs := map[string][]float64{}
	for k, v := range data {
		if s, ok := v.([]any); ok {
			for _, e := range s {
				vecs[k] = append(vecs[k], e.(float64))
			}
		}
	}
	return hand, vecs
}

// benchTarget measures one log density and gradient at a seeded point.
func benchTarget(b *testing.B, tg density.Target) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, tg.Dim())
	for i := range x {
		x[i] = 0.5 * rng.NormFloat64()
	}
	g := make([]float64, len(x))
	b.ReportAllocs()
	for b.Loop() {
		tg.LogProb(g, x)
	}
}

func benchPair(b *testing.B, hand *models.Model, layer *model.Model) {
	b.Run("hand", func(b *testing.B) {
		tg, err := hand.Target()
		if err != nil {
			b.Fatal(err)
		}
		benchTarget(b, tg)
	})
	b.Run("layer", func(b *testing.B) {
		tg, err := layer.Target()
		if err != nil {
			b.Fatal(err)
		}
		benchTarget(b, tg)
	})
}

// BenchmarkGradEightSchools compares a gradient of the hand-written tape
// model in models/ with the same model written on the layer.
func BenchmarkGradEightSchools(b *testing.B) {
	hand, d := readPDB(b, "eight_schools-eight_schools_noncentered")
	benchPair(b, hand, eightSchools(d["y"], d["sigma"]))
}

// BenchmarkGradKidiq is the same comparison for kidiq_interaction (434
// observations, a [434, 4] design).
func BenchmarkGradKidiq(b *testing.B) {
	hand, d := readPDB(b, "kidiq-kidscore_interaction")
	benchPair(b, hand, kidiq(d["kid_score"], d["mom_hs"], d["mom_iq"]))
}
