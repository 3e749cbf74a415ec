package report_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/cache"

	"github.com/bayesnn-go/bayesnn/report"
)

// TestCacheKey: keys are file names GoNB's cache accepts, and distinct
// settings give distinct keys.
func TestCacheKey(t *testing.T) {
	s, err := cache.New(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]bool{}
	for _, parts := range [][]any{
		{"01_gibbs_hmc", "leapfrog", 0.01, 20, uint64(2)},
		{"01_gibbs_hmc", "euler", 0.01, 20, uint64(2)},
		{"01_gibbs_hmc", "leapfrog", 0.02, 20, uint64(2)},
		{"dhmc/poisson", "eps=0.1", "n=10", "seed*2", "a b:c\td\\e"},
		{strings.Repeat("long-é", 60), 1},
		{strings.Repeat("long-é", 60), 2},
		{},
		{"."},
	} {
		k := report.CacheKey(parts...)
		if keys[k] {
			t.Errorf("key %q of %v is not unique", k, parts)
		}
		keys[k] = true
		if len(k) > 160 || strings.ContainsAny(k, "/\\*: \t") {
			t.Errorf("key %q of %v is not a safe file name", k, parts)
		}
		if err := s.Save(k, 1); err != nil {
			t.Errorf("the cache refuses key %q: %v", k, err)
		}
	}
	if got := report.CacheKey("nb", "x", 1.5, 3); got != "nb_x_1.5_3" {
		t.Errorf("CacheKey = %q, want nb_x_1.5_3", got)
	}
}

// A key for a cached trace names the notebook and every setting the trace
// depends on; it is a valid file name, as GoNB's cache requires.
func ExampleCacheKey() {
	fmt.Println(report.CacheKey("06_hmc_dhmc", "poisson/eps", 0.1, "n", 1000, "seed", 1))
	// Output: 06_hmc_dhmc_poisson-eps_0.1_n_1000_seed_1
}
