// Command gennb writes the GoNB notebooks of the tutorials into
// notebooks/ (run from the repository root): each notebook is generated
// from its tutorial's Go source, so the program and the notebook share the
// code, the prose and the sizes.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/bayesnn-go/bayesnn/tutorials/all"
)

func main() {
	dir := flag.String("dir", "notebooks", "output directory")
	flag.Parse()
	for _, t := range all.Tutorials {
		b, err := t.Notebook(all.Module)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		path := filepath.Join(*dir, t.Name+".ipynb")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println("wrote", path)
	}
}
