package report

import (
	"regexp"
	"strings"
	"unicode"
)

// Markdown returns prose written in Text's markup as Markdown (CommonMark,
// as Jupyter and nbconvert render a notebook's markdown cells) that reads
// the same: paragraphs, "- " lists, fenced and indented code, `code` and
// **bold** are kept; every other character Markdown would read as markup
// (a lone * or _ as emphasis, as in "v* … v*", $ as mathematics, < as
// HTML, [ as a link, # or 1. at a line's start) is escaped
// with a backslash, as Text shows it literally.
func Markdown(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var out []string
	indented := func(l string) bool { return strings.HasPrefix(l, "\t") || strings.HasPrefix(l, "    ") }
	inPara := false
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		switch {
		case strings.HasPrefix(strings.TrimSpace(l), "```"):
			out = append(out, l)
			for i++; i < len(lines); i++ {
				out = append(out, lines[i])
				if strings.HasPrefix(strings.TrimSpace(lines[i]), "```") {
					break
				}
			}
			inPara = false
		case indented(l) && !inPara:
			out = append(out, l) // indented code, as in Text
		case strings.TrimSpace(l) == "":
			out = append(out, l)
			inPara = false
		default:
			inPara = true
			t := strings.TrimLeft(l, " ")
			lead := l[:len(l)-len(t)]
			if rest, ok := strings.CutPrefix(t, "- "); ok {
				out = append(out, lead+"- "+markdownLineStart(markdownInline(rest)))
				continue
			}
			out = append(out, lead+markdownLineStart(markdownInline(t)))
		}
	}
	return strings.Join(out, "\n")
}

var (
	orderedItem = regexp.MustCompile(`^([0-9]{1,9})([.)])(\s|$)`)
	setextLine  = regexp.MustCompile(`^(=+|-+)\s*$`)
)

// markdownLineStart escapes what Markdown reads as block markup at the
// start of a line: a heading, a quote, a list item, a rule or a setext
// underline.
func markdownLineStart(t string) string {
	if m := orderedItem.FindStringSubmatchIndex(t); m != nil {
		return t[:m[3]] + `\` + t[m[4]:]
	}
	if setextLine.MatchString(t) {
		return `\` + t
	}
	for _, p := range []string{"#", ">", "+ ", "- ", "* "} {
		if strings.HasPrefix(t, p) {
			return `\` + t
		}
	}
	return t
}

// markdownSpecial are the characters escaped outside code and **bold**;
// an underscore only at the edge of a word (within one, as in log_tau,
// Markdown keeps it literal), and < only where it would open an HTML tag
// (before a letter, /, ! or ?).
const markdownSpecial = "\\*$[]~`"

// markdownInline escapes a line of Text's inline markup for Markdown,
// keeping `code` and **bold**.
func markdownInline(s string) string {
	var b strings.Builder
	parts := inlineCode.Split(s, -1)
	codes := inlineCode.FindAllString(s, -1)
	for i, p := range parts {
		bolds := bold.FindAllStringSubmatchIndex(p, -1)
		last := 0
		for _, m := range bolds {
			b.WriteString(escapeMarkdown(p[last:m[0]]))
			b.WriteString("**" + escapeMarkdown(p[m[2]:m[3]]) + "**")
			last = m[1]
		}
		b.WriteString(escapeMarkdown(p[last:]))
		if i < len(codes) {
			b.WriteString(codes[i])
		}
	}
	return b.String()
}

func escapeMarkdown(s string) string {
	var b strings.Builder
	rs := []rune(s)
	word := func(i int) bool {
		return i >= 0 && i < len(rs) && (unicode.IsLetter(rs[i]) || unicode.IsDigit(rs[i]))
	}
	for i, r := range rs {
		tag := r == '<' && i+1 < len(rs) && (unicode.IsLetter(rs[i+1]) || strings.ContainsRune("/!?", rs[i+1]))
		if r < 128 && strings.ContainsRune(markdownSpecial, r) || r == '_' && !(word(i-1) && word(i+1)) || tag {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
