package samplers

import (
	"errors"
	"fmt"

	"github.com/bayesnn-go/bayesnn/diag"
)

var _ diag.Checker = (*Trace)(nil)

// Check reports an inconsistent trace (one built or edited by hand, or
// decoded from a damaged file): negative sizes, names that do not match
// Dim, Samples or Stats of the wrong length (Stats may be empty: a trace
// without sampler statistics), or warm-up rows beyond Draws.
// The accessors assume a trace that passes; diag.Summarize checks first.
func (t *Trace) Check() error {
	switch {
	case t == nil:
		return errors.New("samplers: nil trace")
	case t.Chains < 0 || t.Draws < 0 || t.Dim < 0:
		return fmt.Errorf("samplers: trace with %d chains, %d draws, dimension %d", t.Chains, t.Draws, t.Dim)
	case len(t.Names) != t.Dim:
		return fmt.Errorf("samplers: trace has %d names for dimension %d", len(t.Names), t.Dim)
	case t.Warmup < 0 || t.Warmup > t.Draws:
		return fmt.Errorf("samplers: trace has %d warm-up rows of %d", t.Warmup, t.Draws)
	}
	if want := t.Chains * t.Draws * t.Dim; len(t.Samples) != want {
		return fmt.Errorf("samplers: trace has %d sample values, want %d chains × %d draws × %d parameters = %d",
			len(t.Samples), t.Chains, t.Draws, t.Dim, want)
	}
	if want := t.Chains * t.Draws; len(t.Stats) != 0 && len(t.Stats) != want {
		return fmt.Errorf("samplers: trace has %d draw statistics, want %d chains × %d draws = %d", len(t.Stats), t.Chains, t.Draws, want)
	}
	return nil
}
