// Package report provides standalone HTML reports built from headings,
// text, tables and plots, and the display of the same pieces inline in GoNB
// notebooks.
//
// A report is one self-contained HTML file: plots are embedded as inline SVG
// (or base64 PNG), the style sheet is inline, and nothing is loaded from
// elsewhere, so the file can be mailed, archived or served as it is:
//
//	r := report.New("Eight schools")
//	r.Heading("Diagnostics")
//	r.Text("Four chains of 1000 draws. `divergent__` counts are below.")
//	r.Plot(traceFig, "Trace of every parameter")
//	r.Table(summary, "Posterior summary") // anything with an HTML() string method
//	err := r.WriteFile("reports/eight_schools.html")
//
// Index writes an index.html that links several reports.
//
// Every piece is a Piece (a value with an HTML() string method); Display
// shows one in a GoNB notebook and does nothing elsewhere.
package report
