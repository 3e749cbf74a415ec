package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run checks the notebooks named in args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("nbcheck", flag.ContinueOnError)
	flags.SetOutput(stderr)
	quiet := flags.Bool("q", false, "print nothing for notebooks that pass")
	flags.Usage = func() {
		fmt.Fprintln(stderr, "usage: nbcheck [-q] executed.ipynb...")
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() == 0 {
		flags.Usage()
		return 2
	}
	passed, failed, unreadable := 0, 0, 0
	for _, path := range flags.Args() {
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			// The runner names the executed copy it expected; none means
			// the notebook did not run to the end.
			failed++
			fmt.Fprintf(stdout, "FAIL %s\n  no such file: the notebook was not executed\n", path)
			continue
		}
		if err != nil {
			fmt.Fprintf(stderr, "nbcheck: %v\n", err)
			unreadable++
			continue
		}
		nb, err := parseNotebook(data)
		if err != nil {
			fmt.Fprintf(stderr, "nbcheck: %s: %v\n", path, err)
			unreadable++
			continue
		}
		probs := check(nb)
		if len(probs) == 0 {
			passed++
			if !*quiet {
				fmt.Fprintf(stdout, "PASS %s\n", path)
			}
			continue
		}
		failed++
		fmt.Fprintf(stdout, "FAIL %s\n", path)
		for _, p := range probs {
			fmt.Fprintf(stdout, "  %s\n", p)
		}
	}
	fmt.Fprintf(stdout, "notebooks: %d passed, %d failed\n", passed, failed+unreadable)
	switch {
	case unreadable > 0:
		return 2
	case failed > 0:
		return 1
	}
	return 0
}
