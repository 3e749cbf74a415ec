// Command reportindex provides the index page of the HTML reports that
// `make demo` writes: it lists every .html file under a reports folder
// (tutorial reports and the exported notebooks) by its <title>, and writes
// index.html there.
//
// Usage:
//
//	go run ./cmd/reportindex [-dir reports]
package main
