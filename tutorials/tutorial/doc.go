// Package tutorial runs the project's tutorials: each is a list of
// sections (a title, prose, and a step that computes and shows results),
// run in one process to write a standalone HTML report, or one section per
// GoNB notebook cell, with the tutorial's state carried from cell to cell
// in a file. The notebooks are generated from the same Tutorial values
// (Notebook), so the program and the notebook cannot drift: there is one
// source for the code, the prose and the sizes.
package tutorial
