package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWriteIndex(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":                  "<title>old index</title>",
		"02_nuts.html":                "<html><head><title>NUTS &amp; friends</title></head></html>",
		"01_hmc/index.html":           "<p>no title</p>",
		"notebooks/00_smoke.html":     "<title>00_smoke</title>",
		"notebooks/00_smoke.executed": "{}",
		"notes.txt":                   "not a page",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n, err := writeIndex(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("writeIndex listed %d pages, want 3", n)
	}
	data, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	// Tutorials first in path order, then notebooks; titles escaped again.
	want := []string{
		`<a href="01_hmc/index.html">01_hmc</a>`,
		`<a href="02_nuts.html">NUTS &amp; friends</a>`,
		`<h2>Notebooks</h2>`,
		`<a href="notebooks/00_smoke.html">00_smoke</a>`,
	}
	last := -1
	for _, w := range want {
		i := strings.Index(got, w)
		if i < 0 {
			t.Fatalf("index.html lacks %q:\n%s", w, got)
		}
		if i < last {
			t.Errorf("%q is out of order in index.html:\n%s", w, got)
		}
		last = i
	}
	if strings.Contains(got, "old index") || strings.Contains(got, "notes.txt") {
		t.Errorf("index.html lists a page it should not:\n%s", got)
	}
}

func TestWriteIndexEmptyAndMissing(t *testing.T) {
	dir := t.TempDir()
	n, err := writeIndex(dir)
	if err != nil || n != 0 {
		t.Fatalf("writeIndex(empty) = %d, %v; want 0, nil", n, err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(string(data), "None yet.") != 2 {
		t.Errorf("empty index should say None yet. twice:\n%s", data)
	}
	if _, err := writeIndex(filepath.Join(dir, "missing")); err == nil {
		t.Error("writeIndex(missing folder): no error")
	}
}

// TestIndexSaysWhatEachPageIs (issue 21, item 11): the index was a bare
// list of titles; each section and page now says what it is.
func TestIndexSaysWhatEachPageIs(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("word ", 80)
	files := map[string]string{
		"01_gibbs.html": `<html><head><meta name="description" content="Gibbs &amp; HMC on a toy model."><title>Gibbs</title></head>` +
			`<body><h1>Gibbs</h1><p>Not this.</p></body></html>`,
		"02_funnel.html": `<html><head><title>Funnel</title><style>p{}</style></head><body><main><h1>Funnel</h1>` +
			`<nav class="toc"><ul><li>a</li></ul></nav><p class="x">Neal&#39;s <b>funnel</b>, sampled with NUTS.` + "\n   " + `Second sentence.</p><p>Later.</p></main></body></html>`,
		"03_long.html":            `<title>Long</title><h1>Long</h1><p>` + long + `</p>`,
		"notebooks/00_smoke.html": `<title>00_smoke</title><pre>code</pre><h1 id="s">Smoke<a>¶</a></h1><p>Checks that the kernel runs.</p>`,
		"notebooks/bare.html":     `<title>bare</title><p></p>`,
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := writeIndex(dir); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := string(data)
	for _, w := range []string{
		`Gibbs &amp; HMC on a toy model.`,
		`Neal&#39;s funnel, sampled with NUTS. Second sentence.`,
		`Checks that the kernel runs.`,
		`Reports written by the tutorial programs`,
		`The GoNB notebooks in notebooks/`,
		` …</span>`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("index.html lacks %q:\n%s", w, got)
		}
	}
	if strings.Contains(got, "Not this.") || strings.Contains(got, "Later.") {
		t.Errorf("index.html describes a page by the wrong paragraph:\n%s", got)
	}
	if strings.Contains(got, `<a href="notebooks/bare.html">bare</a><br>`) {
		t.Errorf("a page with nothing to say gets an empty description:\n%s", got)
	}
}
