package report_test

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/bayesnn-go/bayesnn/plotting"
	"github.com/bayesnn-go/bayesnn/report"
)

// A report mixes headings, text, plots and tables, and writes one
// standalone HTML file.
func Example() {
	dir, err := os.MkdirTemp("", "report")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	draws := make([]float64, 200)
	for i := range draws {
		draws[i] = math.Sin(float64(i)) // deterministic stand-in for draws
	}
	fig, err := plotting.Density(draws, plotting.DensityOptions{Truth: []float64{0}})
	if err != nil {
		fmt.Println(err)
		return
	}

	r := report.New("Demo")
	r.Heading("Posterior")
	r.Text("The draws of `theta`, with the **true value** dashed.")
	r.Plot(fig, "Marginal density of theta")
	r.HTML("<table><tr><th>theta</th><td>0.00</td></tr></table>")
	if err := r.WriteFile(filepath.Join(dir, "demo.html")); err != nil {
		fmt.Println(err)
		return
	}
	if err := report.Index(dir, []report.Entry{{Title: "Demo", Path: "demo.html"}}); err != nil {
		fmt.Println(err)
		return
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		fmt.Println(e.Name())
	}
	// Output:
	// demo.html
	// index.html
}
