package diag

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ar1Chains returns chains of the AR(1) process x[t] = rho·x[t−1] + e[t]
// with stationary N(0, 1) marginals, started in the stationary distribution.
func ar1Chains(rng *rand.Rand, chains, draws int, rho float64) [][]float64 {
	x := make([][]float64, chains)
	s := math.Sqrt(1 - rho*rho)
	for c := range x {
		xc := make([]float64, draws)
		v := rng.NormFloat64()
		for t := range xc {
			xc[t] = v
			v = rho*v + s*rng.NormFloat64()
		}
		x[c] = xc
	}
	return x
}

// BenchmarkSummarize summarizes 4 chains × 100,000 draws × 100 parameters,
// AR(1) chains with rho = 0.3 (about the autocorrelation of a NUTS chain).
func BenchmarkSummarize(b *testing.B) {
	const chains, draws, params = 4, 100_000, 100
	rng := rand.New(rand.NewPCG(1, 2))
	d := &Draws{Names: make([]string, params), Values: make([][][]float64, params)}
	for j := range params {
		d.Names[j] = "theta"
		d.Values[j] = ar1Chains(rng, chains, draws, 0.3)
	}
	b.ResetTimer()
	cpu := cpuSeconds()
	for b.Loop() {
		if _, err := Summarize(d, nil); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time is the fairer measure on a loaded machine: wall time there
	// includes waiting for a core.
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkESSBulk is the bulk ESS of one parameter of 4 chains × 100,000
// AR(1) draws with rho = 0.3.
func BenchmarkESSBulk(b *testing.B) {
	x := ar1Chains(rand.New(rand.NewPCG(1, 2)), 4, 100_000, 0.3)
	for b.Loop() {
		if _, err := ESSBulk(x); err != nil {
			b.Fatal(err)
		}
	}
}
