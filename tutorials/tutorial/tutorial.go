package tutorial

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/bayesnn-go/bayesnn/report"
)

// Sink receives what a section shows: headings, prose, tables, plots.
// *report.Report is one (the HTML report); Display is another (a
// notebook's cell output).
type Sink interface {
	Add(pieces ...report.Piece)
}

// Size chooses how big a tutorial's runs are.
type Size int

const (
	// Full is the size of the source tutorial (make demo).
	Full Size = iota
	// CI is a reduced size for continuous integration: same steps, fewer
	// draws (BAYESNN_CI=1 selects it in notebooks).
	CI
)

// Env is what a section's step gets.
type Env struct {
	Ctx  context.Context
	Size Size
	Seed uint64
	Out  Sink
	// Progress receives samplers' progress lines (nil: silent).
	Progress io.Writer
	// Log receives one line per finished section with its time.
	Log io.Writer
}

// Pick returns full or ci according to the size.
func (e *Env) Pick(full, ci int) int {
	if e.Size == CI {
		return ci
	}
	return full
}

// Section is one step of a tutorial.
type Section struct {
	Title string
	// Prose explains the step; it is a notebook's markdown cell and the
	// report's text (report.Text markup: paragraphs, `code`, **bold**,
	// "- " lists, fenced code).
	Prose string
	// Run computes and shows the step's results. state is the value that
	// Tutorial.NewState made, carried between sections.
	Run func(env *Env, state any) error
}

// Tutorial is a runnable tutorial.
type Tutorial struct {
	Name     string // file name of the report and notebook, e.g. "01_gibbs_hmc"
	Title    string
	Intro    string
	Package  string // import path of the package declaring it
	Var      string // name of the exported variable holding it
	NewState func() any
	Sections []Section
}

// Timing is the wall time of one section.
type Timing struct {
	Section string
	Seconds float64
}

// Run runs every section in order, adding the title, intro and each
// section's heading and prose to env.Out before its results.
func (t *Tutorial) Run(env *Env) ([]Timing, error) {
	env.Out.Add(report.Text(t.Intro))
	state := t.NewState()
	var times []Timing
	for i, s := range t.Sections {
		env.Out.Add(report.Heading(s.Title), report.Text(s.Prose))
		start := time.Now()
		if err := s.Run(env, state); err != nil {
			return times, fmt.Errorf("%s: section %d (%s): %w", t.Name, i+1, s.Title, err)
		}
		times = append(times, Timing{s.Title, time.Since(start).Seconds()})
		if env.Log != nil {
			fmt.Fprintf(env.Log, "%s: %-40s %7.1f s\n", t.Name, s.Title, times[len(times)-1].Seconds)
		}
	}
	return times, nil
}

// SizeFromEnv returns CI when BAYESNN_CI is set (to anything but "" or
// "0"), Full otherwise.
func SizeFromEnv() Size {
	if v := os.Getenv("BAYESNN_CI"); v != "" && v != "0" {
		return CI
	}
	return Full
}
