package report

import (
	"html"
	"regexp"
	"strings"
)

// textPiece is prose with a little markup.
type textPiece string

// Text returns a piece of prose with a little markup, all other text
// escaped: paragraphs are separated by blank lines; a block between lines
// of three backquotes (```), or of lines indented by a tab or four spaces,
// is preformatted code; a paragraph whose lines all start with "- " is a
// bulleted list; `code` is inline code and **bold** is bold.
func Text(s string) Piece { return textPiece(s) }

var (
	inlineCode = regexp.MustCompile("`([^`]+)`")
	bold       = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

// inline escapes s and applies the inline markup.
func inline(s string) string {
	parts := inlineCode.Split(s, -1)
	codes := inlineCode.FindAllStringSubmatch(s, -1)
	var b strings.Builder
	for i, p := range parts {
		b.WriteString(bold.ReplaceAllString(html.EscapeString(p), "<strong>$1</strong>"))
		if i < len(codes) {
			b.WriteString("<code>" + html.EscapeString(codes[i][1]) + "</code>")
		}
	}
	return b.String()
}

func (t textPiece) HTML() string {
	lines := strings.Split(strings.ReplaceAll(string(t), "\r\n", "\n"), "\n")
	var b strings.Builder
	var para []string
	flush := func() {
		if len(para) == 0 {
			return
		}
		list := true
		for _, l := range para {
			if !strings.HasPrefix(strings.TrimSpace(l), "- ") {
				list = false
			}
		}
		if list {
			b.WriteString("<ul>\n")
			for _, l := range para {
				b.WriteString("<li>" + inline(strings.TrimPrefix(strings.TrimSpace(l), "- ")) + "</li>\n")
			}
			b.WriteString("</ul>\n")
		} else {
			b.WriteString("<p>" + inline(strings.Join(para, "\n")) + "</p>\n")
		}
		para = nil
	}
	code := func(block []string) {
		b.WriteString("<pre><code>" + html.EscapeString(strings.Join(block, "\n")) + "</code></pre>\n")
	}
	indented := func(l string) bool { return strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "    ") }
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(strings.TrimSpace(l), "```"):
			flush()
			var block []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				block = append(block, lines[i])
			}
			code(block)
		case indented(l) && len(para) == 0:
			var block []string
			for ; i < len(lines) && (indented(lines[i]) || strings.TrimSpace(lines[i]) == ""); i++ {
				s := lines[i]
				if strings.HasPrefix(s, "\t") {
					s = s[1:]
				} else if strings.HasPrefix(s, "    ") {
					s = s[4:]
				}
				block = append(block, s)
			}
			i--
			for len(block) > 0 && strings.TrimSpace(block[len(block)-1]) == "" {
				block = block[:len(block)-1]
			}
			code(block)
		case strings.TrimSpace(l) == "":
			flush()
		default:
			para = append(para, l)
		}
	}
	flush()
	return b.String()
}
