package report_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/janpfeifer/gonb/cache"

	"github.com/bayesnn-go/bayesnn/report"
)

// TestProgram: outside a notebook, after ProgramTo, Display writes its
// pieces into DIR/NAME.html, and GoNB's cache starts empty.
func TestProgram(t *testing.T) {
	dir := t.TempDir()
	report.Display(report.Text("before the program: dropped"))
	done := report.ProgramTo(dir, "01_demo", "A demo")
	if !report.ProgramActive() {
		t.Fatal("ProgramActive false after ProgramTo")
	}
	calls := 0
	f := func() int { calls++; return 42 }
	if v := cache.Cache("program-test-answer", f); v != 42 || calls != 1 {
		t.Fatalf("cache: %d after %d calls, want a fresh computation", v, calls)
	}
	if v := cache.Cache("program-test-answer", f); v != 42 || calls != 1 {
		t.Fatalf("cache: %d after %d calls, want the cached value", v, calls)
	}
	report.Display(report.Heading("Section one"))
	report.Display(report.Text("Some **prose**."))
	if err := done(); err != nil {
		t.Fatal(err)
	}
	if report.ProgramActive() {
		t.Error("ProgramActive true after done")
	}
	b, err := os.ReadFile(filepath.Join(dir, "01_demo.html"))
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"A demo", "Section one", "<strong>prose</strong>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "dropped") {
		t.Error("a piece displayed before ProgramTo reached the page")
	}
	// A second program starts with an empty cache.
	done = report.ProgramTo(dir, "02_demo", "Another")
	defer done()
	if cache.Cache("program-test-answer", f); calls != 2 {
		t.Errorf("a second program reused the first one's cache")
	}
}

// TestProgramUnwritable: a page that cannot be written is an error from done.
func TestProgramUnwritable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	done := report.ProgramTo(filepath.Join(file, "sub"), "x", "x")
	report.Display(report.Text("x"))
	if err := done(); err == nil {
		t.Error("no error for a report under a regular file")
	}
}
