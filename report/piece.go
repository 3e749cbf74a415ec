package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"regexp"
	"strings"
)

// Piece is one block of a report: anything that renders itself as an HTML
// fragment. Summary tables from diag satisfy it.
type Piece interface {
	HTML() string
}

// SVGRenderer is a figure that renders to an SVG document, such as a
// *plotting.Figure.
type SVGRenderer interface {
	SVG() ([]byte, error)
}

// PNGRenderer is a figure that renders to PNG bytes, such as a
// *plotting.Figure.
type PNGRenderer interface {
	PNG() ([]byte, error)
}

// erring is a piece whose construction may have failed.
type erring interface {
	Err() error
}

// headingPiece is a section heading.
type headingPiece struct {
	level int
	text  string
	id    string
}

// Heading returns a section heading (an <h2>).
func Heading(text string) Piece { return headingPiece{level: 2, text: text, id: slug(text)} }

// Subheading returns a subsection heading (an <h3>).
func Subheading(text string) Piece { return headingPiece{level: 3, text: text, id: slug(text)} }

func (h headingPiece) HTML() string {
	return fmt.Sprintf("<h%d id=%q>%s</h%d>\n", h.level, h.id, html.EscapeString(h.text), h.level)
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// slug turns heading text into an id: lower case, runs of other characters
// replaced by '-'.
func slug(s string) string {
	s = strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
	if s == "" {
		s = "section"
	}
	return s
}

// rawPiece is HTML inserted as it is.
type rawPiece string

// Raw returns a piece that inserts html as it is, unescaped.
func Raw(html string) Piece { return rawPiece(html) }

func (r rawPiece) HTML() string { return string(r) + "\n" }

// figurePiece is a rendered plot or table with a caption, or the error
// that stopped its rendering.
type figurePiece struct {
	body    string
	caption string
	err     error
}

func (f figurePiece) HTML() string {
	var b strings.Builder
	b.WriteString(`<figure class="plot">` + "\n")
	if f.err != nil {
		fmt.Fprintf(&b, `<div class="error">%s</div>`+"\n", html.EscapeString(f.err.Error()))
	} else {
		b.WriteString(f.body)
	}
	if f.caption != "" {
		fmt.Fprintf(&b, "<figcaption>%s</figcaption>\n", html.EscapeString(f.caption))
	}
	b.WriteString("</figure>\n")
	return b.String()
}

func (f figurePiece) Err() error { return f.err }

// Plot returns a piece that embeds fig as inline SVG with a caption (empty
// for none). If rendering fails, the piece shows the error and its Err
// method returns it.
func Plot(fig SVGRenderer, caption string) Piece {
	if fig == nil {
		return figurePiece{caption: caption, err: fmt.Errorf("report: nil figure for %q", caption)}
	}
	svg, err := fig.SVG()
	if err != nil {
		return figurePiece{caption: caption, err: fmt.Errorf("report: rendering figure %q: %w", caption, err)}
	}
	body, err := inlineSVG(svg)
	if err != nil {
		return figurePiece{caption: caption, err: fmt.Errorf("report: figure %q: %w", caption, err)}
	}
	return figurePiece{body: body, caption: caption}
}

// PlotPNG returns a piece that embeds fig as a base64 PNG <img> with a
// caption; smaller than SVG for plots with many points. Errors are handled
// as by Plot.
func PlotPNG(fig PNGRenderer, caption string) Piece {
	if fig == nil {
		return figurePiece{caption: caption, err: fmt.Errorf("report: nil figure for %q", caption)}
	}
	b, err := fig.PNG()
	if err != nil {
		return figurePiece{caption: caption, err: fmt.Errorf("report: rendering figure %q: %w", caption, err)}
	}
	body := fmt.Sprintf(`<img alt=%q src="data:image/png;base64,%s">`+"\n",
		caption, base64.StdEncoding.EncodeToString(b))
	return figurePiece{body: body, caption: caption}
}

// Table returns a piece that shows t (any Piece, such as a diag summary
// table) with a caption (empty for none).
func Table(t Piece, caption string) Piece {
	if t == nil {
		return figurePiece{caption: caption, err: fmt.Errorf("report: nil table for %q", caption)}
	}
	return tablePiece{t: t, caption: caption}
}

type tablePiece struct {
	t       Piece
	caption string
}

func (t tablePiece) HTML() string {
	var b strings.Builder
	b.WriteString(`<figure class="table">` + "\n")
	if t.caption != "" {
		fmt.Fprintf(&b, "<figcaption>%s</figcaption>\n", html.EscapeString(t.caption))
	}
	b.WriteString(`<div class="scroll">`)
	b.WriteString(t.t.HTML())
	b.WriteString("</div>\n</figure>\n")
	return b.String()
}

// inlineSVG strips the XML prolog and comments that precede the <svg>
// element, which belong to a standalone file and not to HTML.
func inlineSVG(svg []byte) (string, error) {
	i := bytes.Index(svg, []byte("<svg"))
	if i < 0 {
		return "", fmt.Errorf("not an SVG document")
	}
	return string(svg[i:]), nil
}
