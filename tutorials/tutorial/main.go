package tutorial

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"time"

	"github.com/bayesnn-go/bayesnn/report"
)

// Main is the body of a tutorial's program: it parses the flags
//
//	-out DIR   where the HTML report goes (default "reports")
//	-ci        the reduced CI size (also BAYESNN_CI=1)
//	-seed N    the seed (default 1)
//	-quiet     no progress lines
//
// runs the tutorial, writes DIR/NAME.html and exits non-zero on failure.
func Main(t *Tutorial) {
	out := flag.String("out", "reports", "directory of the HTML report")
	ci := flag.Bool("ci", false, "reduced sizes for CI (also BAYESNN_CI=1)")
	seed := flag.Uint64("seed", 1, "random seed")
	quiet := flag.Bool("quiet", false, "no progress output")
	flag.Parse()
	size := SizeFromEnv()
	if *ci {
		size = CI
	}
	if err := WriteReport(t, *out, size, *seed, *quiet); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// WriteReport runs t and writes its report to dir/NAME.html.
func WriteReport(t *Tutorial, dir string, size Size, seed uint64, quiet bool) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	r := report.New(t.Title)
	env := &Env{Ctx: ctx, Size: size, Seed: seed, Out: r, Log: os.Stderr}
	if !quiet {
		env.Progress = os.Stderr
	}
	start := time.Now()
	times, err := t.Run(env)
	if err != nil {
		return err
	}
	total := time.Since(start).Seconds()
	var tab Table
	tab.Header = []string{"section", "seconds"}
	for _, tm := range times {
		tab.Rows = append(tab.Rows, []string{tm.Section, fmt.Sprintf("%.1f", tm.Seconds)})
	}
	tab.Rows = append(tab.Rows, []string{"total", fmt.Sprintf("%.1f", total)})
	r.Add(report.Heading("Run time"), report.Table(tab, fmt.Sprintf("Wall time on this machine (size %s).", size)))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, t.Name+".html")
	if err := r.WriteFile(path); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "%s: wrote %s in %.1f s\n", t.Name, path, total)
	return nil
}

func (s Size) String() string {
	if s == CI {
		return "CI"
	}
	return "full"
}
