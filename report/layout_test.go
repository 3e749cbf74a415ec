package report

import (
	"regexp"
	"strings"
	"testing"
)

// cssRule returns the declarations of the rule whose selector is sel.
func cssRule(t *testing.T, sheet, sel string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)(?:^|\n)` + regexp.QuoteMeta(sel) + `\s*\{([^}]*)\}`).FindStringSubmatch(sheet)
	if m == nil {
		t.Fatalf("no rule for %q", sel)
	}
	return m[1]
}

// TestWideTablesScroll (issue 21, item 11): a table wider than the page
// (a summary with quantiles, HDI, ESS, R-hat) scrolls sideways in place,
// whether or not it was added with Table (whose wrapper scrolls too); on
// main a table added as raw HTML or displayed directly overflowed and hid
// its last columns.
func TestWideTablesScroll(t *testing.T) {
	r := New("wide")
	r.HTML("<table><tr><td>" + strings.Repeat("<td>1.234</td>", 40) + "</tr></table>")
	b, err := r.Render()
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	sheet := page[strings.Index(page, "<style>")+len("<style>") : strings.Index(page, "</style>")]
	decl := cssRule(t, sheet, ".bnr table")
	for _, w := range []string{"display: block", "max-width: 100%", "overflow-x: auto"} {
		if !strings.Contains(decl, w) {
			t.Errorf(".bnr table { %s } lacks %q", decl, w)
		}
	}
	if !strings.Contains(cssRule(t, sheet, ".bnr .scroll"), "overflow-x: auto") {
		t.Error("the Table wrapper no longer scrolls")
	}
}

// TestDescriptionMeta: a report's Description is its meta description,
// escaped, which cmd/reportindex shows in the index.
func TestDescriptionMeta(t *testing.T) {
	r := New("t")
	r.Description = `Eight schools "non-centred" & friends.`
	b, err := r.Render()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `<meta name="description" content="Eight schools &#34;non-centred&#34; &amp; friends.">`) {
		t.Errorf("no meta description in:\n%s", b[:400])
	}
	b, _ = New("t").Render()
	if strings.Contains(string(b), `name="description"`) {
		t.Error("a report without Description has a meta description")
	}
}
