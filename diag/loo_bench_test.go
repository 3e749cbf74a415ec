package diag

import "testing"

// BenchmarkLOO times PSIS-LOO (relative efficiencies from the chains
// included) on the eight-schools fixture: 4 chains × 1000 draws × 8
// observations.
func BenchmarkLOO(b *testing.B) {
	ll := readLogLik(b, "eight_schools")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := LOO(ll, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWAIC times WAIC on the same fixture.
func BenchmarkWAIC(b *testing.B) {
	ll := readLogLik(b, "eight_schools")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := WAIC(ll); err != nil {
			b.Fatal(err)
		}
	}
}
