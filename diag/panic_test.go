package diag

import (
	"errors"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/panics"
)

// brokenChains claims more draws than Param returns for one parameter and
// panics for another, like a hand-built run with a bug.
type brokenChains struct{ Draws }

func (b *brokenChains) Param(j int) [][]float64 {
	if j == 1 {
		var x []int
		_ = x[j] // a bug in the user's Chains
	}
	return b.Draws.Param(j)
}

func TestSummarizePanicIsAnError(t *testing.T) {
	vals := make([][]float64, 2)
	for c := range vals {
		vals[c] = make([]float64, 20)
		for i := range vals[c] {
			vals[c][i] = float64((7*i + c) % 11)
		}
	}
	b := &brokenChains{Draws{Names: []string{"a", "b", "c"}, Values: [][][]float64{vals, vals, vals}}}
	for _, workers := range []int{1, 3} {
		_, err := Summarize(b, &SummaryOptions{Workers: workers})
		var pe *panics.Error
		if !errors.As(err, &pe) {
			t.Fatalf("Workers %d: error %v, want a *panics.Error", workers, err)
		}
		if !strings.Contains(pe.Where, `parameter "b"`) || !strings.Contains(string(pe.Stack), "brokenChains") {
			t.Errorf("Workers %d: panic at %q, stack:\n%s", workers, pe.Where, pe.Stack)
		}
	}
}
