// Command nbcheck provides the check that CI runs on executed Jupyter
// notebooks: it reads each .ipynb file named on the command line and fails
// when any code cell holds an output of type "error", has a stderr line that
// reports a dead program (exit status N, signal: ..., panic: ...), prints a
// line of a failed check cell ("check failed: <claim>: <numbers>", the
// notebooks' convention), or was never executed.
//
// GoNB v0.11.5 reports a runtime panic or os.Exit(n) as a cell error, but a
// failing shell command (a "!cmd" line) only as a stderr line "exit status N"
// with no error output: nbconvert exits 0 for it, so the executed notebook
// must be scanned. Run nbconvert with --allow-errors so that the executed
// notebook is always written, then let nbcheck judge it.
//
// Usage:
//
//	nbcheck [-q] executed.ipynb...
//
// It prints one line per problem, then a summary line
// "notebooks: N passed, M failed". The exit status is 0 when every notebook
// passed, 1 when any failed (a file that does not exist is a notebook that
// was not executed, so it fails) and 2 when a file cannot be read or parsed.
package main
