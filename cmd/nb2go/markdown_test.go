package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// TestNotebookMarkdownHasNoStrayStars (issue 21, item 11): in a markdown
// cell, a * written as a superscript mark ("v* = 2·log(ε/2) … below v*")
// can pair with another * and turn the text between into emphasis (the
// issue saw it in the notebooks' HTML; renderers differ in how strictly
// they follow CommonMark's flanking rules). Every * outside code and
// mathematics must be escaped (v\*) or open or close an intended
// *emphasis* or **bold**. Generated notebooks escape through
// report.Markdown.
func TestNotebookMarkdownHasNoStrayStars(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "notebooks", "*.ipynb"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no notebooks (%v)", err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var nb struct {
			Cells []struct {
				CellType string          `json:"cell_type"`
				Source   json.RawMessage `json:"source"`
			} `json:"cells"`
		}
		if err := json.Unmarshal(data, &nb); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for i, c := range nb.Cells {
			if c.CellType != "markdown" {
				continue
			}
			var src string
			var lines []string
			if json.Unmarshal(c.Source, &lines) == nil {
				src = strings.Join(lines, "")
			} else if err := json.Unmarshal(c.Source, &src); err != nil {
				t.Fatalf("%s cell %d: %v", p, i+1, err)
			}
			for _, s := range strayStars(src) {
				t.Errorf("%s, markdown cell %d: a bare * in %q can pair into emphasis; write \\* (or put it in `code`)", filepath.Base(p), i+1, s)
			}
		}
	}
}

var (
	fencedCode = regexp.MustCompile("(?s)```.*?```")
	codeSpan   = regexp.MustCompile("`[^`]*`")
	dollarMath = regexp.MustCompile(`(?s)\$\$.*?\$\$|\$[^$\n]+\$`)
)

// strayStars returns the context of each * of markdown src, outside code
// and mathematics, that does not open or close an emphasis by CommonMark's
// flanking rules: one after a letter or digit and before a space or
// punctuation (a superscript mark such as v*) with no emphasis open.
func strayStars(src string) []string {
	var out []string
	for _, para := range strings.Split(src, "\n\n") {
		if strings.HasPrefix(para, "    ") || strings.HasPrefix(para, "\t") {
			continue // indented code
		}
		para = fencedCode.ReplaceAllString(para, "")
		para = codeSpan.ReplaceAllString(para, "``")
		para = dollarMath.ReplaceAllString(para, "$$")
		rs := []rune(para)
		open := 0
		for i := 0; i < len(rs); i++ {
			if rs[i] == '\\' {
				i++
				continue
			}
			if rs[i] != '*' {
				continue
			}
			j := i
			for j < len(rs) && rs[j] == '*' {
				j++
			}
			prev, next := ' ', ' '
			if i > 0 {
				prev = rs[i-1]
			}
			if j < len(rs) {
				next = rs[j]
			}
			if i == 0 || prev == '\n' {
				if next == ' ' {
					i = j - 1
					continue // a "* " list item
				}
			}
			alnum := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
			opens := !unicode.IsSpace(next) && !alnum(prev)
			closes := !unicode.IsSpace(prev)
			switch {
			case closes && open > 0:
				open--
			case opens:
				open++
			default:
				lo, hi := max(0, i-12), min(len(rs), j+12)
				out = append(out, string(rs[lo:hi]))
			}
			i = j - 1
		}
	}
	return out
}
