package diag

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestSummarizeVariables (issue 21, item 10): Summarize selects
// parameters by name, base name or prefix, in the order asked, with the
// same numbers as the full table; an unknown name is an error.
func TestSummarizeVariables(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 1))
	names := []string{"mu", "theta[1]", "theta[2]", "theta_raw[1]", "l1.w[1,1]", "l1.b[1]", "l2.w[1,1]"}
	d := &Draws{Names: names}
	for range names {
		d.Values = append(d.Values, ar1Chains(rng, 2, 100, 0.3))
	}
	all, err := Summarize(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]ParamSummary{}
	for _, p := range all.Params {
		byName[p.Name] = p
	}
	for _, tc := range []struct {
		vars []string
		want []string
	}{
		{[]string{"theta"}, []string{"theta[1]", "theta[2]"}},
		{[]string{"theta[2]", "mu"}, []string{"theta[2]", "mu"}},
		{[]string{"l1.*"}, []string{"l1.w[1,1]", "l1.b[1]"}},
		{[]string{"theta*", "theta"}, []string{"theta[1]", "theta[2]", "theta_raw[1]"}},
		{[]string{"l2.w", "mu"}, []string{"l2.w[1,1]", "mu"}},
	} {
		s, err := Summarize(d, &SummaryOptions{Variables: tc.vars})
		if err != nil {
			t.Errorf("%q: %v", tc.vars, err)
			continue
		}
		var got []string
		for _, p := range s.Params {
			got = append(got, p.Name)
			if !reflect.DeepEqual(p, byName[p.Name]) {
				t.Errorf("%q: %s differs from the full table's", tc.vars, p.Name)
			}
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: selected %q, want %q", tc.vars, got, tc.want)
		}
	}
	for _, bad := range [][]string{{"sigma"}, {"the"}, {}} {
		_, err := Summarize(d, &SummaryOptions{Variables: bad})
		if err == nil {
			t.Errorf("%q: no error", bad)
			continue
		}
		if len(bad) > 0 && (!strings.Contains(err.Error(), `"`+bad[0]+`"`) || !strings.Contains(err.Error(), "theta_raw")) {
			t.Errorf("%q: error %q should name the selector and the run's variables", bad, err)
		}
	}
}

// TestWarningWording (issue 21, item 10): a saturated tree depth in every
// draw reads "100%", not "1e+02%", and the divergence advice names the
// option a user sets.
func TestWarningWording(t *testing.T) {
	r := newFakeRun(3)
	for _, c := range r.stats["treedepth__"] {
		for i := range c {
			c[i] = 10
		}
	}
	s, err := Summarize(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(s.Warnings, "\n")
	for _, want := range []string{"2000 of 2000 transitions (100%) reached the maximum tree depth", "(0.1%) after warm-up were divergent",
		"Options.TargetAccept", "NUTS.MaxTreeDepth"} {
		if !strings.Contains(text, want) {
			t.Errorf("warnings lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "e+") {
		t.Errorf("warnings print an exponent:\n%s", text)
	}
	for n, want := range map[[2]int]string{{1, 3}: "33%", {1, 4000}: "0.025%", {5, 100}: "5%", {0, 0}: "0%", {1, 8}: "12%"} {
		if got := percent(n[0], n[1]); got != want {
			t.Errorf("percent(%d, %d) = %q, want %q", n[0], n[1], got, want)
		}
	}
}
