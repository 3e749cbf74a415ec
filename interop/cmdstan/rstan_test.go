package cmdstan

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/samplers"
)

// TestRStan is `make interop`: R's rstan::read_stan_csv reads our files and
// finds 4 chains, the sampler parameters and each chain's adapted step size
// and inverse metric, for a diagonal and a dense metric. It needs Debian's
// r-cran-rstan and runs only with BAYESNN_INTEROP=1.
func TestRStan(t *testing.T) {
	if os.Getenv("BAYESNN_INTEROP") == "" {
		t.Skip("set BAYESNN_INTEROP=1 (make interop) to check our CSV files with rstan::read_stan_csv")
	}
	if _, err := exec.LookPath("Rscript"); err != nil {
		t.Fatal("Rscript not found: install r-cran-rstan (scripts/install-deps.sh rstan)")
	}
	script, err := filepath.Abs("testdata/read_stan_csv.R")
	if err != nil {
		t.Fatal(err)
	}
	for _, metric := range []samplers.MetricKind{samplers.Diag, samplers.Dense} {
		t.Run(metric.String(), func(t *testing.T) {
			dir := t.TempDir()
			w := NewWriter(dir, "corr")
			tr, err := samplers.Sample(context.Background(), correlated([]string{"mu", "theta[1]", "theta[2]"}), samplers.Options{
				Metric: metric, Seed: 2026, Draws: 500, Recorder: w})
			if err != nil {
				t.Fatal(err)
			}
			var exp strings.Builder
			fmt.Fprintf(&exp, "%d %d\n", tr.Chains, tr.NumDraws())
			for _, a := range tr.Adapted {
				exp.WriteString(strconv.FormatFloat(a.StepSize, 'g', -1, 64) + " " + map[samplers.MetricKind]string{samplers.Diag: "diag", samplers.Dense: "dense"}[a.Metric])
				for _, v := range a.InvMetric {
					exp.WriteString(" " + strconv.FormatFloat(v, 'g', -1, 64))
				}
				exp.WriteByte('\n')
			}
			expPath := filepath.Join(dir, "expected.txt")
			if err := os.WriteFile(expPath, []byte(exp.String()), 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command("Rscript", append([]string{script, expPath}, w.Paths()...)...).CombinedOutput()
			t.Logf("Rscript read_stan_csv.R:\n%s", out)
			if err != nil {
				t.Fatalf("rstan check failed: %v", err)
			}
		})
	}
}
