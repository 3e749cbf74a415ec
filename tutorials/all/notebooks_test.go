package all

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestNotebooksUpToDate fails when a notebook in notebooks/ differs from
// what its Tutorial generates: run `go run ./cmd/gennb` after editing a
// tutorial.
func TestNotebooksUpToDate(t *testing.T) {
	for _, tu := range Tutorials {
		want, err := tu.Notebook(Module)
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join("..", "..", "notebooks", tu.Name+".ipynb")
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%s: %v (run go run ./cmd/gennb)", tu.Name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: run go run ./cmd/gennb", path)
		}
	}
}
