// Command run runs every tutorial (or those named by -only), writes one
// HTML report each into -out and an index.html linking them.
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/bayesnn-go/bayesnn/report"
	"github.com/bayesnn-go/bayesnn/tutorials/all"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

func main() {
	out := flag.String("out", "reports", "directory of the reports")
	only := flag.String("only", "", "comma-separated tutorial names (default: all)")
	ci := flag.Bool("ci", false, "reduced sizes (also BAYESNN_CI=1)")
	seed := flag.Uint64("seed", 1, "random seed")
	quiet := flag.Bool("quiet", false, "no progress output")
	flag.Parse()
	size := tutorial.SizeFromEnv()
	if *ci {
		size = tutorial.CI
	}
	var entries []report.Entry
	failed := 0
	for _, t := range all.Tutorials {
		if *only != "" && !strings.Contains(","+*only+",", ","+t.Name+",") {
			continue
		}
		start := time.Now()
		desc := fmt.Sprintf("size %s", size)
		if err := tutorial.WriteReport(t, *out, size, *seed, *quiet); err != nil {
			fmt.Fprintln(os.Stderr, err)
			failed++
			desc += ": FAILED: " + err.Error()
		} else {
			desc += fmt.Sprintf(", %.0f s", time.Since(start).Seconds())
		}
		entries = append(entries, report.Entry{Title: t.Title, Path: t.Name + ".html", Description: desc})
	}
	if err := report.Index(*out, entries); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if failed > 0 {
		os.Exit(1)
	}
}
