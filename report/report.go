package report

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"

	"github.com/janpfeifer/gonb/gonbui"
)

// Report is a sequence of pieces rendered as one standalone HTML page. The
// methods that add pieces never fail: a plot that cannot be rendered shows
// its error in place, and Err, Render and WriteFile report it.
type Report struct {
	// Title is the page title and top heading.
	Title string
	// Description, when set, is one or two sentences saying what the page
	// is, written as the page's <meta name="description"> (the reports'
	// index shows it; without it the index shows the first paragraph).
	Description string

	pieces []Piece
	ids    map[string]int
}

// New returns an empty report with the given title.
func New(title string) *Report { return &Report{Title: title} }

// Add appends pieces to the report.
func (r *Report) Add(pieces ...Piece) {
	for _, p := range pieces {
		if h, ok := p.(headingPiece); ok {
			// Keep heading ids unique within the page.
			if r.ids == nil {
				r.ids = map[string]int{}
			}
			r.ids[h.id]++
			if n := r.ids[h.id]; n > 1 {
				h.id = fmt.Sprintf("%s-%d", h.id, n)
			}
			p = h
		}
		r.pieces = append(r.pieces, p)
	}
}

// Heading appends a section heading.
func (r *Report) Heading(text string) { r.Add(Heading(text)) }

// Subheading appends a subsection heading.
func (r *Report) Subheading(text string) { r.Add(Subheading(text)) }

// Text appends prose; see the package function Text for the markup.
func (r *Report) Text(s string) { r.Add(Text(s)) }

// Plot appends fig as inline SVG with a caption.
func (r *Report) Plot(fig SVGRenderer, caption string) { r.Add(Plot(fig, caption)) }

// PlotPNG appends fig as an embedded PNG with a caption.
func (r *Report) PlotPNG(fig PNGRenderer, caption string) { r.Add(PlotPNG(fig, caption)) }

// Table appends t (anything with an HTML method) with a caption.
func (r *Report) Table(t Piece, caption string) { r.Add(Table(t, caption)) }

// HTML appends raw HTML, inserted unescaped.
func (r *Report) HTML(s string) { r.Add(Raw(s)) }

// Pieces returns the pieces added so far.
func (r *Report) Pieces() []Piece { return r.pieces }

// Err returns the first error among the pieces (a figure that failed to
// render), or nil.
func (r *Report) Err() error {
	for _, p := range r.pieces {
		if e, ok := p.(erring); ok && e.Err() != nil {
			return e.Err()
		}
	}
	return nil
}

// Render returns the whole report as an HTML document. It fails, returning
// no document, if a piece failed to render.
func (r *Report) Render() ([]byte, error) {
	if err := r.Err(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	title := html.EscapeString(r.Title)
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="bayesnn-go report">
%s<title>%s</title>
<style>
%s</style>
</head>
<body>
<main class="%s">
<h1>%s</h1>
`, description(r.Description), title, css, scopeClass, title)
	var toc []headingPiece
	for _, p := range r.pieces {
		if h, ok := p.(headingPiece); ok && h.level == 2 {
			toc = append(toc, h)
		}
	}
	if len(toc) >= 3 {
		b.WriteString("<nav class=\"toc\"><ul>\n")
		for _, h := range toc {
			fmt.Fprintf(&b, "<li><a href=\"#%s\">%s</a></li>\n", h.id, html.EscapeString(h.text))
		}
		b.WriteString("</ul></nav>\n")
	}
	for _, p := range r.pieces {
		b.WriteString(p.HTML())
	}
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// description returns the <meta name="description"> line for d, or "".
func description(d string) string {
	if d == "" {
		return ""
	}
	return fmt.Sprintf("<meta name=\"description\" content=\"%s\">\n", html.EscapeString(d))
}

// WriteTo writes the rendered report to w.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	b, err := r.Render()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// WriteFile renders the report and writes it to path, creating the
// parent directory if needed.
func (r *Report) WriteFile(path string) error {
	b, err := r.Render()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return nil
}

// Display shows every piece of the report, under its title, in a GoNB
// notebook. Outside a notebook it adds them to the page of Program, if a
// program set one up, and does nothing otherwise.
func (r *Report) Display() {
	if !gonbui.IsNotebook {
		showInProgram(append([]Piece{Heading(r.Title)}, r.pieces...)...)
		return
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "<h1>%s</h1>\n", html.EscapeString(r.Title))
	for _, p := range r.pieces {
		b.WriteString(p.HTML())
	}
	gonbui.DisplayHTML(wrapForNotebook(b.String()))
	gonbui.Sync()
}

// Display shows one piece (a heading, text, plot, table, or anything with
// an HTML method) in a GoNB notebook. Outside a notebook it adds the piece
// to the page of Program, if a program set one up, and does nothing
// otherwise.
func Display(p Piece) {
	if p == nil {
		return
	}
	if !gonbui.IsNotebook {
		showInProgram(p)
		return
	}
	gonbui.DisplayHTML(wrapForNotebook(p.HTML()))
	gonbui.Sync()
}

// wrapForNotebook wraps a fragment with the report's style sheet, scoped to
// the fragment so that it does not restyle the notebook.
func wrapForNotebook(fragment string) string {
	return fmt.Sprintf("<div class=%q>\n<style>\n%s</style>\n%s</div>\n", scopeClass, css, fragment)
}
