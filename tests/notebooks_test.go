package tests

import (
	"encoding/json"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notebookCells returns the code cells of an .ipynb file, without GoNB's
// `!*` shell cells (the setup lines every notebook shares).
func notebookCells(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var nb struct {
		Cells []struct {
			CellType string   `json:"cell_type"`
			Source   []string `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	var cells []string
	for _, c := range nb.Cells {
		src := strings.Join(c.Source, "")
		if c.CellType == "code" && !strings.HasPrefix(strings.TrimSpace(src), "!*") {
			cells = append(cells, src)
		}
	}
	return cells
}

var moduleImport = regexp.MustCompile(`(?m)^\s*(\w+\s+)?"github\.com/bayesnn-go/bayesnn/([^"]+)"`)

// The notebooks show the code a user types (issue 22): in every notebook at
// least 60 % of the code cells call a function or type of the module's own
// packages, no code cell is over 40 lines, and no cell reaches a tutorial's
// hidden steps (a Tutorial.Cell call or an import of a tutorials/ package).
func TestNotebooksShowLibraryCode(t *testing.T) {
	files, err := filepath.Glob("../notebooks/*.ipynb")
	if err != nil || len(files) == 0 {
		t.Fatalf("no notebooks found (%v)", err)
	}
	for _, f := range files {
		cells := notebookCells(t, f)
		var names []string
		for _, c := range cells {
			for _, m := range moduleImport.FindAllStringSubmatch(c, -1) {
				if strings.HasPrefix(m[2], "tutorials/") {
					t.Errorf("%s imports a tutorial package: %s", f, m[2])
				}
				name := strings.TrimSpace(m[1])
				if name == "" {
					name = path.Base(m[2])
				}
				names = append(names, regexp.QuoteMeta(name))
			}
		}
		if len(names) == 0 {
			t.Errorf("%s imports none of the module's packages", f)
			continue
		}
		calls := regexp.MustCompile(`\b(` + strings.Join(names, "|") + `)\.[A-Z]`)
		lib := 0
		for i, c := range cells {
			if calls.MatchString(c) {
				lib++
			}
			if n := strings.Count(strings.TrimRight(c, "\n"), "\n") + 1; n > 40 {
				t.Errorf("%s: code cell %d has %d lines (at most 40)", f, i+1, n)
			}
			if strings.Contains(c, "Tutorial.Cell(") {
				t.Errorf("%s: code cell %d calls Tutorial.Cell", f, i+1)
			}
		}
		share := float64(lib) / float64(len(cells))
		t.Logf("%s: %d code cells, %d (%.0f %%) call the library", filepath.Base(f), len(cells), lib, 100*share)
		if share < 0.6 {
			t.Errorf("%s: %d of %d code cells (%.0f %%) call the library's packages (at least 60 %%)", f, lib, len(cells), 100*share)
		}
	}
}
