package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// The fixtures in testdata are real notebooks executed by
// `jupyter nbconvert --execute --allow-errors` with GoNB v0.11.5 (kernel
// installed with --raw_error), except unexecuted.ipynb, which is ok.ipynb
// before execution.
func TestCheckFixtures(t *testing.T) {
	for _, tc := range []struct {
		file string
		want []problem
	}{
		{"ok.ipynb", nil},
		{"panic.ipynb", []problem{
			{1, "stderr: panic: boom"},
			{1, "stderr: exit status 2"},
			{1, "error output ERROR: exit status 2"},
		}},
		{"exit.ipynb", []problem{
			{1, "stderr: exit status 3"},
			{1, "error output ERROR: exit status 3"},
		}},
		{"signal.ipynb", []problem{
			{1, "stderr: signal: killed"},
			{1, "error output ERROR: signal: killed"},
		}},
		// A failing "!cmd" gives no error output: only the stderr line tells.
		{"failing_cmd.ipynb", []problem{{1, "stderr: exit status 1"}}},
		{"compile_error.ipynb", []problem{
			{1, "error output ERROR: ./main.go:10:1: declared and not used: x ..."},
		}},
		{"unexecuted.ipynb", []problem{{1, "not executed"}}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			nb, err := parseNotebook(data)
			if err != nil {
				t.Fatal(err)
			}
			if got := check(nb); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("check(%s) = %q, want %q", tc.file, got, tc.want)
			}
		})
	}
}

func TestCheckStderrLinesMustMatchWhole(t *testing.T) {
	// nbformat allows text as one string; lines are split on "\n".
	const doc = `{"nbformat": 4, "nbformat_minor": 5, "cells": [
	 {"cell_type": "markdown", "source": "panic: in markdown is fine"},
	 {"cell_type": "code", "execution_count": 1, "source": "x", "outputs": [
	  {"output_type": "stream", "name": "stderr", "text": "go: added gonum.org/v1/gonum v0.17.0\nthe exit status 3 was expected\nno panic: here\n"},
	  {"output_type": "stream", "name": "stdout", "text": "panic: on stdout is printed output\n"}]},
	 {"cell_type": "code", "execution_count": null, "source": "  \n", "outputs": []},
	 {"cell_type": "code", "execution_count": 2, "source": ["a\n", "b"], "outputs": [
	  {"output_type": "stream", "name": "stderr", "text": ["warning\n", "signal: interrupt\r\n"]}]}
	]}`
	nb, err := parseNotebook([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	want := []problem{{4, "stderr: signal: interrupt"}}
	if got := check(nb); !reflect.DeepEqual(got, want) {
		t.Errorf("check = %q, want %q", got, want)
	}
}

func TestParseNotebookErrors(t *testing.T) {
	for _, doc := range []string{
		``,
		`[1, 2]`,
		`{"nbformat": 3, "worksheets": []}`,
		`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 7}]}`,
	} {
		if _, err := parseNotebook([]byte(doc)); err == nil {
			t.Errorf("parseNotebook(%q): no error", doc)
		}
	}
}

func TestRunExitStatus(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.ipynb")
	if err := os.WriteFile(bad, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	ok := filepath.Join("testdata", "ok.ipynb")
	panicked := filepath.Join("testdata", "panic.ipynb")
	for _, tc := range []struct {
		args       []string
		want       int
		wantSuffix string
	}{
		{[]string{ok}, 0, "notebooks: 1 passed, 0 failed\n"},
		{[]string{"-q", ok, panicked}, 1, "notebooks: 1 passed, 1 failed\n"},
		{[]string{ok, bad}, 2, "notebooks: 1 passed, 1 failed\n"},
		{[]string{filepath.Join(dir, "missing.ipynb"), ok}, 1, "notebooks: 1 passed, 1 failed\n"},
		{[]string{dir}, 2, "notebooks: 0 passed, 1 failed\n"}, // a folder cannot be read
		{nil, 2, ""},
		{[]string{"-nosuchflag", ok}, 2, ""},
	} {
		var stdout, stderr strings.Builder
		got := run(tc.args, &stdout, &stderr)
		if got != tc.want {
			t.Errorf("run(%q) = %d, want %d; stdout:\n%s\nstderr:\n%s", tc.args, got, tc.want, stdout.String(), stderr.String())
		}
		if tc.wantSuffix != "" && !strings.HasSuffix(stdout.String(), tc.wantSuffix) {
			t.Errorf("run(%q) stdout = %q, want it to end with %q", tc.args, stdout.String(), tc.wantSuffix)
		}
	}
}

// TestCheckFailedCheck: a check cell's "check failed: ..." line fails the
// notebook, on stderr (log.Fatalf, with its date) or stdout; "ok: ..."
// lines do not.
func TestCheckFailedCheck(t *testing.T) {
	one := 1
	nb := &notebook{NBFormat: 4, Cells: []cell{
		{CellType: "code", Source: "%%", ExecutionCount: &one, Outputs: []output{
			{OutputType: "stream", Name: "stdout", Text: "ok: mean within 4 MCSE (z = 0.3)\n"},
			{OutputType: "stream", Name: "stderr", Text: "2026/12/03 12:00:00 check failed: mean of w1 within 4 MCSE: z = 5.1\nexit status 1\n"},
		}},
		{CellType: "code", Source: "%%", ExecutionCount: &one, Outputs: []output{
			{OutputType: "stream", Name: "stdout", Text: "check failed: KS p > 0.001: p = 1e-9\n"},
		}},
	}}
	want := []problem{
		{1, "check failed: mean of w1 within 4 MCSE: z = 5.1"},
		{1, "stderr: exit status 1"},
		{2, "check failed: KS p > 0.001: p = 1e-9"},
	}
	if got := check(nb); !reflect.DeepEqual(got, want) {
		t.Errorf("check = %v, want %v", got, want)
	}
}
