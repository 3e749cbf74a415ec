package main

import (
	"fmt"
	"regexp"
	"strings"
)

// deadProgram matches a stderr line by which GoNB (or the shell) reports that
// the cell's program or command did not end normally.
var deadProgram = regexp.MustCompile(`^(exit status \d+|signal: .+|panic: .+)$`)

// failedCheck matches a line by which a notebook's check cell reports a
// claim that does not hold: "check failed: <claim>: <numbers>", possibly
// after log's date and time.
var failedCheck = regexp.MustCompile(`(^|\s)check failed: .*`)

// problem is one reason a notebook fails.
type problem struct {
	Cell   int    // index of the cell in the notebook, counting from 1
	Reason string // one line
}

func (p problem) String() string {
	return fmt.Sprintf("cell %d: %s", p.Cell, p.Reason)
}

// check returns the problems of an executed notebook, in cell order.
// A code cell fails when it has an error output, a stderr line matching
// deadProgram, an output line of a failed check (failedCheck), or non-blank
// source with no execution count.
func check(nb *notebook) []problem {
	var probs []problem
	for i, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		idx := i + 1
		if c.ExecutionCount == nil && strings.TrimSpace(string(c.Source)) != "" {
			probs = append(probs, problem{idx, "not executed"})
		}
		for _, o := range c.Outputs {
			switch o.OutputType {
			case "error":
				probs = append(probs, problem{idx, fmt.Sprintf("error output %s: %s", o.EName, firstLine(o.EValue))})
			case "stream":
				for _, line := range strings.Split(string(o.Text), "\n") {
					line = strings.TrimSuffix(line, "\r")
					if m := failedCheck.FindString(line); m != "" {
						probs = append(probs, problem{idx, truncate(strings.TrimSpace(m), 200)})
					}
					if o.Name == "stderr" && deadProgram.MatchString(line) {
						probs = append(probs, problem{idx, "stderr: " + line})
					}
				}
			}
		}
	}
	return probs
}

// firstLine returns the first line of s that says something, marked with
// " ..." when more lines follow. Blank lines and the "# package" header that
// the go command prints above compiler messages are skipped.
func firstLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "# ") {
			continue
		}
		if i < len(lines)-1 {
			return truncate(l, 200) + " ..."
		}
		return truncate(l, 200)
	}
	return truncate(strings.TrimSpace(s), 200)
}
