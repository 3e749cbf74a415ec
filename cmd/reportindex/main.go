package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

func main() {
	dir := flag.String("dir", "reports", "folder of the HTML reports; index.html is written there")
	flag.Parse()
	n, err := writeIndex(*dir)
	if err != nil {
		fmt.Fprintf(os.Stderr, "reportindex: %v\n", err)
		os.Exit(1)
	}
	fmt.Printf("reportindex: %s lists %d pages\n", filepath.Join(*dir, "index.html"), n)
}

// page is one report listed in the index.
type page struct {
	Href  string // path relative to the index, with forward slashes
	Title string
	About string // what the page is: its meta description or first paragraph
}

// section is a titled group of pages.
type section struct {
	Title string
	About string // what kind of pages the section holds
	Pages []page
}

// notebooksDir is the subfolder of the reports holding exported notebooks.
const notebooksDir = "notebooks"

// writeIndex writes dir/index.html listing the HTML pages under dir and
// returns how many it lists.
func writeIndex(dir string) (int, error) {
	if fi, err := os.Stat(dir); err != nil {
		return 0, err
	} else if !fi.IsDir() {
		return 0, fmt.Errorf("%s is not a folder", dir)
	}
	pages, err := findPages(dir)
	if err != nil {
		return 0, err
	}
	var tutorials, notebooks section
	tutorials.Title = "Tutorials"
	tutorials.About = "Reports written by the tutorial programs (go run ./tutorials/...): each follows a source tutorial step by step, with its figures, tables and the checks of its claims."
	notebooks.Title = "Notebooks"
	notebooks.About = "The GoNB notebooks in notebooks/, executed from an empty cache and exported to HTML: the code a user types, with its output."
	for _, p := range pages {
		if strings.HasPrefix(p.Href, notebooksDir+"/") {
			notebooks.Pages = append(notebooks.Pages, p)
		} else {
			tutorials.Pages = append(tutorials.Pages, p)
		}
	}
	var buf bytes.Buffer
	if err := indexTemplate.Execute(&buf, []section{tutorials, notebooks}); err != nil {
		return 0, err
	}
	return len(pages), os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}

// findPages returns the .html files under dir, but for dir/index.html, in
// path order. A page that is the index.html of a subfolder stands for that
// subfolder.
func findPages(dir string) ([]page, error) {
	var pages []page
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".html") {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if rel == "index.html" {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		pages = append(pages, page{Href: rel, Title: titleOf(data, rel), About: aboutOf(data)})
		return nil
	})
	sort.Slice(pages, func(i, j int) bool { return pages[i].Href < pages[j].Href })
	return pages, err
}

var titleTag = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// titleOf returns the text of the page's <title>, or a name made from its
// path when it has none.
func titleOf(data []byte, rel string) string {
	if m := titleTag.FindSubmatch(data); m != nil {
		if t := strings.Join(strings.Fields(htmlUnescape(string(m[1]))), " "); t != "" {
			return t
		}
	}
	name := strings.TrimSuffix(path.Base(rel), ".html")
	if name == "index" && path.Dir(rel) != "." {
		name = path.Base(path.Dir(rel))
	}
	return name
}

var (
	metaDescription = regexp.MustCompile(`(?is)<meta\s+name="description"\s+content="([^"]*)"`)
	h1Tag           = regexp.MustCompile(`(?is)<h1[\s>]`)
	paragraph       = regexp.MustCompile(`(?is)<p(?:\s[^>]*)?>(.*?)</p>`)
	anyTag          = regexp.MustCompile(`(?s)<[^>]*>`)
)

// aboutLen bounds the description shown for a page.
const aboutLen = 240

// aboutOf says what a page is: its <meta name="description"> when it has
// one (report.Report.Description), otherwise the text of its first
// paragraph after the top heading (a report's or a notebook's
// introduction), cut at a sentence end within aboutLen characters; "" when
// the page has neither.
func aboutOf(data []byte) string {
	if m := metaDescription.FindSubmatch(data); m != nil {
		return shorten(plainText(string(m[1])))
	}
	body := data
	if loc := h1Tag.FindIndex(data); loc != nil {
		body = data[loc[0]:]
	}
	for _, m := range paragraph.FindAllSubmatch(body, 5) {
		if t := plainText(string(m[1])); t != "" {
			return shorten(t)
		}
	}
	return ""
}

// plainText strips tags, undoes entities and collapses white space.
func plainText(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(anyTag.ReplaceAllString(s, ""))), " ")
}

// shorten cuts s to at most aboutLen characters, at the end of a sentence
// when there is one, else at a word, with an ellipsis.
func shorten(s string) string {
	r := []rune(s)
	if len(r) <= aboutLen {
		return s
	}
	cut := string(r[:aboutLen])
	if i := strings.LastIndex(cut, ". "); i > aboutLen/3 {
		return cut[:i+1]
	}
	if i := strings.LastIndexByte(cut, ' '); i > 0 {
		cut = cut[:i]
	}
	return cut + " …"
}

// htmlUnescape undoes the few entities that appear in titles; the template
// escapes the result again.
func htmlUnescape(s string) string {
	return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'").Replace(s)
}

var indexTemplate = template.Must(template.New("index").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>bayesnn-go reports</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
li { margin: 0.5rem 0; } .none, .about { color: #555; } .kind { color: #333; }
</style>
</head>
<body>
<h1>bayesnn-go reports</h1>
<p>Pages made by <code>make demo</code>: what each tutorial and notebook of bayesnn-go computed on this machine.</p>
{{range .}}<h2>{{.Title}}</h2>
<p class="kind">{{.About}}</p>
{{if .Pages}}<ul>
{{range .Pages}}<li><a href="{{.Href}}">{{.Title}}</a>{{if .About}}<br><span class="about">{{.About}}</span>{{end}}</li>
{{end}}</ul>
{{else}}<p class="none">None yet.</p>
{{end}}{{end}}</body>
</html>
`))
