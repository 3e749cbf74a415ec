package diag

import (
	"strings"
	"testing"
)

// TestSummaryHTMLScrolls (issue 21, item 11): the summary's HTML fragment,
// shown in a notebook cell or a report, scrolls sideways when its table is
// wider than the space, instead of hiding the ess and rhat columns.
func TestSummaryHTMLScrolls(t *testing.T) {
	s, err := Summarize(newFakeRun(1), nil)
	if err != nil {
		t.Fatal(err)
	}
	h := s.HTML()
	i := strings.Index(h, ".bayesnn-diag{")
	if i < 0 {
		t.Fatal("no rule for the fragment's container")
	}
	rule := h[i : i+strings.Index(h[i:], "}")]
	for _, w := range []string{"overflow-x:auto", "max-width:100%"} {
		if !strings.Contains(rule, w) {
			t.Errorf("%s} lacks %s", rule, w)
		}
	}
}
