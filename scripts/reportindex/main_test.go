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
