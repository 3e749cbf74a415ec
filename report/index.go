package report

import (
	"bytes"
	"fmt"
	"html"
	"path/filepath"
	"strings"
)

// Entry is one report listed by Index.
type Entry struct {
	// Title is the link text.
	Title string
	// Path is the report's file, relative to the index's directory.
	Path string
	// Description is an optional line of text after the link.
	Description string
}

// Index writes dir/index.html, a page titled "Reports" that links every
// entry in order. Paths must be relative and stay inside dir.
func Index(dir string, entries []Entry) error {
	if len(entries) == 0 {
		return fmt.Errorf("report: index of %s has no entries", dir)
	}
	var items bytes.Buffer
	for i, e := range entries {
		p := filepath.ToSlash(e.Path)
		if p == "" || filepath.IsAbs(e.Path) || strings.HasPrefix(p, "/") || p == ".." || strings.HasPrefix(p, "../") {
			return fmt.Errorf("report: index entry %d (%q) has path %q, want a relative path inside %s", i, e.Title, e.Path, dir)
		}
		title := e.Title
		if title == "" {
			title = p
		}
		fmt.Fprintf(&items, "<li><a href=\"%s\">%s</a>", html.EscapeString(escapePath(p)), html.EscapeString(title))
		if e.Description != "" {
			fmt.Fprintf(&items, " — %s", html.EscapeString(e.Description))
		}
		items.WriteString("</li>\n")
	}
	r := New("Reports")
	r.HTML("<ul class=\"index\">\n" + items.String() + "</ul>")
	return r.WriteFile(filepath.Join(dir, "index.html"))
}

// escapePath percent-encodes the characters of a relative path that would
// break a URL, keeping the slashes.
func escapePath(p string) string {
	var b strings.Builder
	for _, c := range []byte(p) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.IndexByte("-._~/", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
