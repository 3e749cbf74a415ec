// Package tests holds the slow statistical validation of the toolkit:
// NUTS against posteriordb's reference posteriors, exact targets, and the
// tutorials' end-to-end checks. Run with `go test ./tests/` (add -short to
// skip the longest).
package tests
