// Command nb2go writes each GoNB notebook as a plain Go program, for users
// without Jupyter: notebooks/NN_name.ipynb becomes tutorials/name/main.go
// (package main), run with
//
//	go run ./tutorials/name [-out DIR]
//
// Run it from the repository root after editing a notebook:
//
//	go run ./cmd/nb2go              # every notebooks/*.ipynb
//	go run ./cmd/nb2go -check       # exit status 1 if a program is out of date
//	go run ./cmd/nb2go notebooks/01_gibbs_hmc.ipynb
//
// The notebook is the source; the program is generated from its code cells
// in order:
//
//   - shell lines (!cmd, !*cmd) and magics (%goworkfix, ...) are dropped:
//     the program builds in this repository's module;
//   - an import cell and declarations (types, functions, variables,
//     constants) are kept at the top level, as GoNB keeps them from cell
//     to cell;
//   - the body of each %% cell (the code after the %% line) becomes a
//     function cellNN, and main calls them in the notebook's order;
//   - markdown headings become comments.
//
// main starts with report.Program, so what the cells display (plots,
// tables, report pieces) goes to the page DIR/NAME.html instead of a
// notebook, and GoNB's cache starts empty. The sizes are the notebook's:
// set BAYESNN_CI=1 for the reduced ones.
//
// A test (TestProgramsUpToDate) fails when a program under tutorials/
// differs from what its notebook generates.
package main
