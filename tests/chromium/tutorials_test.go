package chromium

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/bayesnn-go/bayesnn/report"
)

// fastTutorials are the tutorial programs (generated from their notebooks
// by cmd/nb2go) whose pages the browser test opens: the two fast ones, at
// CI size.
var fastTutorials = []struct{ program, page, title string }{
	{"gibbs_hmc", "01_gibbs_hmc.html", "Gibbs-within-HMC regression"},
	{"hamiltorch_gaussian_funnel", "02_hamiltorch_gaussian_funnel.html", "hamiltorch-style sampling"},
}

// TestTutorialReportsInChromium runs the two fast tutorial programs (CI
// size), which write their pages as a notebook run as a program does, and
// an index, and opens each in headless Chromium: no console errors, every
// image and SVG shown.
func TestTutorialReportsInChromium(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium)")
	}
	dir := *outDir
	if dir == "" {
		dir = t.TempDir()
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	var entries []report.Entry
	for _, tu := range fastTutorials {
		cmd := exec.Command("go", "run", "./tutorials/"+tu.program, "-out", dir)
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), "BAYESNN_CI=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go run ./tutorials/%s: %v\n%s", tu.program, err, out)
		}
		entries = append(entries, report.Entry{Title: tu.title, Path: tu.page})
	}
	if err := report.Index(dir, entries); err != nil {
		t.Fatal(err)
	}
	for _, tu := range append(fastTutorials, struct{ program, page, title string }{page: "index.html"}) {
		page := filepath.Join(dir, tu.page)
		out, err := exec.Command("./check_report.sh", page).CombinedOutput()
		t.Logf("%s:\n%s", tu.page, out)
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 77 {
			t.Skip("chromium not usable")
		}
		if err != nil {
			t.Errorf("check_report.sh %s: %v", tu.page, err)
		}
	}
}
