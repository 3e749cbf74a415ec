package chromium

import (
	"errors"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bayesnn-go/bayesnn/report"
	"github.com/bayesnn-go/bayesnn/tutorials/gibbshmc"
	"github.com/bayesnn-go/bayesnn/tutorials/hamiltorch"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

// TestTutorialReportsInChromium writes the reports of the two fast
// tutorials (CI size) and an index, as make demo does, and opens each in
// headless Chromium: no console errors, every image and SVG shown.
func TestTutorialReportsInChromium(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium)")
	}
	dir := *outDir
	if dir == "" {
		dir = t.TempDir()
	}
	var entries []report.Entry
	for _, tu := range []*tutorial.Tutorial{gibbshmc.Tutorial, hamiltorch.Tutorial} {
		if err := tutorial.WriteReport(tu, dir, tutorial.CI, 1, true); err != nil {
			t.Fatal(err)
		}
		entries = append(entries, report.Entry{Title: tu.Title, Path: tu.Name + ".html"})
	}
	if err := report.Index(dir, entries); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{gibbshmc.Tutorial.Name + ".html", hamiltorch.Tutorial.Name + ".html", "index.html"} {
		page := filepath.Join(dir, name)
		out, err := exec.Command("./check_report.sh", page).CombinedOutput()
		t.Logf("%s:\n%s", name, out)
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 77 {
			t.Skip("chromium not usable")
		}
		if err != nil {
			t.Errorf("check_report.sh %s: %v", name, err)
		}
	}
}
