package diag_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/bayesnn-go/bayesnn/diag"
)

func normalChains(chains, n int, mu, sigma float64, seed uint64) [][]float64 {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := make([][]float64, chains)
	for c := range x {
		x[c] = make([]float64, n)
		for i := range x[c] {
			x[c][i] = mu + sigma*rng.NormFloat64()
		}
	}
	return x
}

// TestCompareCDF: exact draws get a KS p-value that is not tiny (below
// 0.001 once in a thousand seeds) and a KL near its null value; draws of a
// shifted distribution get a tiny p-value and a KL far above the null.
func TestCompareCDF(t *testing.T) {
	ref := distuv.Normal{Mu: 0, Sigma: 3}.CDF
	c, err := diag.CompareCDF(normalChains(4, 1000, 0, 3, 1), ref)
	if err != nil {
		t.Fatal(err)
	}
	if c.Draws != 4000 || c.KSP < 0.001 || c.KL > 5*c.KLNull || math.Abs(c.ESS-4000) > 600 {
		t.Errorf("exact draws: %v", c)
	}
	c, err = diag.CompareCDF(normalChains(4, 1000, 1, 3, 2), ref)
	if err != nil {
		t.Fatal(err)
	}
	if c.KSP > 1e-6 || c.KL < 5*c.KLNull {
		t.Errorf("shifted draws: %v", c)
	}
	if _, err := diag.CompareCDF([][]float64{{1, 2}}, ref); err == nil {
		t.Error("too few draws: no error")
	}
	if _, err := diag.CompareCDF(normalChains(2, 100, 0, 1, 3), nil); err == nil {
		t.Error("nil cdf: no error")
	}
	bad := normalChains(2, 100, 0, 1, 3)
	bad[1][5] = math.NaN()
	if _, err := diag.CompareCDF(bad, ref); err == nil {
		t.Error("NaN draw: no error")
	}
}

// Draws from N(0, 3²) compared with N(0, 3²): the KS p-value is not small
// and the KL divergence is close to what an exact sampler gets.
func ExampleCompareCDF() {
	rng := rand.New(rand.NewPCG(1, 2))
	x := make([][]float64, 4)
	for c := range x {
		for i := 0; i < 500; i++ {
			x[c] = append(x[c], 3*rng.NormFloat64())
		}
	}
	c, _ := diag.CompareCDF(x, distuv.Normal{Mu: 0, Sigma: 3}.CDF)
	fmt.Println(c.Draws, c.KSP > 0.01, c.KL < 3*c.KLNull)
	// Output: 2000 true true
}
