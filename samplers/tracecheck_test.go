package samplers

import (
	"context"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/diag"
)

func TestSummarizeMalformedTrace(t *testing.T) {
	good, err := Sample(context.Background(), corrNormal(0.5), Options{Chains: 2, Warmup: 50, Draws: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := good.Check(); err != nil {
		t.Fatalf("Sample's trace: %v", err)
	}
	if _, err := diag.Summarize(good, nil); err != nil {
		t.Fatal(err)
	}
	// A trace without statistics (a predictive trace) is well formed.
	noStats := *good
	noStats.Stats = nil
	if _, err := diag.Summarize(&noStats, nil); err != nil {
		t.Errorf("trace without statistics: %v", err)
	}
	for _, tc := range []struct {
		name, want string
		edit       func(tr *Trace)
	}{
		{"short samples", "sample values", func(tr *Trace) { tr.Samples = tr.Samples[:len(tr.Samples)-3] }},
		{"more draws than stored", "sample values", func(tr *Trace) { tr.Draws += 10 }},
		{"extra name", "names", func(tr *Trace) { tr.Names = append(tr.Names, "z") }},
		{"short stats", "draw statistics", func(tr *Trace) { tr.Stats = tr.Stats[:5] }},
		{"warm-up beyond draws", "warm-up", func(tr *Trace) { tr.Warmup = tr.Draws + 1 }},
		{"negative chains", "chains", func(tr *Trace) { tr.Chains = -2 }},
	} {
		tr := *good
		tc.edit(&tr)
		_, err := diag.Summarize(&tr, nil)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one about %s", tc.name, err, tc.want)
		}
	}
}
