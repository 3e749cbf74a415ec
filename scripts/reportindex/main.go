package main

import (
	"bytes"
	"flag"
	"fmt"
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
}

// section is a titled group of pages.
type section struct {
	Title string
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
	notebooks.Title = "Notebooks"
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
		pages = append(pages, page{Href: rel, Title: titleOf(data, rel)})
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
li { margin: 0.2rem 0; } .none { color: #777; }
</style>
</head>
<body>
<h1>bayesnn-go reports</h1>
{{range .}}<h2>{{.Title}}</h2>
{{if .Pages}}<ul>
{{range .Pages}}<li><a href="{{.Href}}">{{.Title}}</a></li>
{{end}}</ul>
{{else}}<p class="none">None yet.</p>
{{end}}{{end}}</body>
</html>
`))
