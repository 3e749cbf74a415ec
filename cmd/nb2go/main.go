package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	check := flag.Bool("check", false, "only check that the programs are up to date (exit status 1 if not)")
	out := flag.String("out", "tutorials", "directory of the programs: one folder per notebook")
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		var err error
		if files, err = filepath.Glob("notebooks/*.ipynb"); err != nil || len(files) == 0 {
			fmt.Fprintln(os.Stderr, "nb2go: no notebooks/*.ipynb here: run it from the repository root or name the notebooks")
			os.Exit(2)
		}
	}
	failed := false
	for _, f := range files {
		path, err := run(f, *out, *check)
		switch {
		case err != nil:
			fmt.Fprintln(os.Stderr, "nb2go:", err)
			failed = true
		case *check:
		default:
			fmt.Println("wrote", path)
		}
	}
	if failed {
		os.Exit(1)
	}
}

// run generates the program of notebook file into dir/NAME/main.go, or with
// check compares it with the file there.
func run(file, dir string, check bool) (string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	name := strings.TrimSuffix(filepath.Base(file), ".ipynb")
	src, err := Generate(name, filepath.ToSlash(file), data)
	if err != nil {
		return "", err
	}
	path := filepath.Join(dir, ProgramName(name), "main.go")
	if check {
		old, err := os.ReadFile(path)
		if err != nil || !bytes.Equal(old, src) {
			return path, fmt.Errorf("%s is out of date with %s: run go run ./cmd/nb2go", path, file)
		}
		return path, nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	return path, os.WriteFile(path, src, 0o644)
}
