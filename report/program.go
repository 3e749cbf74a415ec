package report

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/janpfeifer/gonb/cache"
	"github.com/janpfeifer/gonb/gonbui"
)

// program is the report that Display writes to outside a notebook, set by
// Program; nil when none.
var program struct {
	sync.Mutex
	r    *Report
	path string
	err  error
}

// Program turns a notebook's cells, run as a plain Go program (the
// programs under tutorials/ that cmd/nb2go generates from notebooks/), into
// a standalone report: outside a notebook, Display, Report.Display and
// plotting's Figure.Display then add what they show to the HTML page
// DIR/NAME.html, which is rewritten after every piece (so a program that
// fails half-way leaves what it had shown). DIR is the -out flag (default
// "reports"), parsed here with the program's other flags.
//
// Program also points GoNB's cache (package github.com/janpfeifer/gonb/cache,
// which notebooks use to carry expensive results between cells) at a fresh
// temporary directory: one run of a program never reuses another's results.
// The returned function removes that directory and says where the page
// went, or prints the error that kept it from being written and exits with
// status 1; defer it at the start of main:
//
//	defer report.Program("01_gibbs_hmc", "Gibbs-within-HMC regression")()
//
// Inside a GoNB notebook Program changes nothing and done does nothing.
func Program(name, title string) (done func()) {
	if gonbui.IsNotebook {
		return func() {}
	}
	out := flag.String("out", "reports", "directory of the HTML report")
	if !flag.Parsed() {
		flag.Parse()
	}
	finish := ProgramTo(*out, name, title)
	return func() {
		if err := finish(); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
	}
}

// ProgramTo is Program with the report's directory given instead of read
// from the -out flag, and done returning the error instead of exiting.
func ProgramTo(dir, name, title string) (done func() error) {
	if gonbui.IsNotebook {
		return func() error { return nil }
	}
	tmp, err := os.MkdirTemp("", "bayesnn-"+name+"-cache-")
	if err == nil {
		var s *cache.Storage
		if s, err = cache.New(tmp); err == nil {
			cache.Default = s
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: no fresh cache (%v): cached results of earlier runs may be reused\n", name, err)
	}
	program.Lock()
	program.r = New(title)
	program.path = filepath.Join(dir, name+".html")
	program.err = program.r.WriteFile(program.path)
	program.Unlock()
	return func() error {
		if tmp != "" {
			os.RemoveAll(tmp)
		}
		program.Lock()
		defer program.Unlock()
		err, path := program.err, program.path
		program.r, program.path, program.err = nil, "", nil
		if err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "%s: wrote %s\n", name, path)
		return nil
	}
}

// showInProgram adds pieces to the report of Program, if any, and
// rewrites its file.
func showInProgram(pieces ...Piece) {
	program.Lock()
	defer program.Unlock()
	if program.r == nil {
		return
	}
	program.r.Add(pieces...)
	if err := program.r.WriteFile(program.path); err != nil && program.err == nil {
		program.err = err
	}
}

// ProgramActive reports whether Program has set up a page for Display
// outside a notebook.
func ProgramActive() bool {
	program.Lock()
	defer program.Unlock()
	return program.r != nil
}
