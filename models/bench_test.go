package models

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// benchModel measures one value + gradient of m's log density through a
// compiled tape at a fixed random point (seeded).
func benchModel(b *testing.B, m *Model) {
	c, err := ad.Compile(m.LogDensity, make([]float64, m.Dim), nil)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	x := make([]float64, m.Dim)
	for i := range x {
		x[i] = 0.5 * rng.NormFloat64()
	}
	g := make([]float64, m.Dim)
	b.ReportAllocs()
	for b.Loop() {
		c.LogProb(g, x)
	}
}

func benchPDB(b *testing.B, name string) {
	if _, err := os.Stat(pdbDir); err != nil {
		b.Skip("shared posteriordb folder not found")
	}
	m, err := PosteriorDB(filepath.Join(pdbDir, name))
	if err != nil {
		b.Fatal(err)
	}
	benchModel(b, m)
}

// Stan's figures on the same machine (the lead's measurements): eight
// schools non-centred 1.8 µs, funnel 11-D 1.4 µs, iid normal 100-D 4.5 µs
// per gradient.
func BenchmarkGradEightSchools(b *testing.B) {
	benchPDB(b, "eight_schools-eight_schools_noncentered")
}
func BenchmarkGradFunnel11Centred(b *testing.B) { benchModel(b, Funnel{D: 11}.Model()) }
func BenchmarkGradFunnel11NonCentred(b *testing.B) {
	benchModel(b, Funnel{D: 11, NonCentered: true}.Model())
}
func BenchmarkGradIIDNormal100(b *testing.B) { benchModel(b, IIDNormal(100)) }
func BenchmarkGradKidiq(b *testing.B)        { benchPDB(b, "kidiq-kidscore_interaction") }
func BenchmarkGradArK(b *testing.B)          { benchPDB(b, "arK-arK") }
func BenchmarkGradGarch11(b *testing.B)      { benchPDB(b, "garch-garch11") }
func BenchmarkGradGPPoisRegr(b *testing.B)   { benchPDB(b, "gp_pois_regr-gp_pois_regr") }

// BenchmarkFunnelLogProb100 is the hand-written target's value and gradient
// in 100 dimensions.
func BenchmarkFunnelLogProb100(b *testing.B) {
	f := Funnel{D: 100}
	x := f.Draws(1, 1)[0]
	g := make([]float64, 100)
	b.ReportAllocs()
	for b.Loop() {
		f.LogProb(g, x)
	}
}
