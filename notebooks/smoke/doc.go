// Package smoke provides a tiny function that the smoke notebook
// (notebooks/00_smoke.ipynb) imports to check that a GoNB notebook can build
// against this module's own packages.
//
// It is not under internal/ on purpose: GoNB builds every cell in a module of
// its own, and Go forbids importing another module's internal packages.
package smoke
