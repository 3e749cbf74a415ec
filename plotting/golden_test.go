package plotting

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/structure.golden from the current output")

// TestStructureGolden compares, for every figure built from the seeded
// fixtures, the grid shape, the axis ranges of the first panel and the
// number of <path>, <text> and <image> elements of its SVG with
// testdata/structure.golden. These depend on the data and gonum/plot's tick
// choice, not on fonts or rasterization. Run with -update after an
// intended change, and review the diff.
func TestStructureGolden(t *testing.T) {
	figs, err := allFigures()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(figs))
	for n := range figs {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, name := range names {
		f := figs[name]
		svg := svgOf(t, f)
		r, c := f.Dims()
		p := f.At(0, 0)
		fmt.Fprintf(&b, "%-10s grid=%dx%d x=[%.4g,%.4g] y=[%.4g,%.4g] path=%d text=%d image=%d truth=%d\n",
			name, r, c, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max,
			strings.Count(svg, "<path "), strings.Count(svg, "<text "), strings.Count(svg, "<image "),
			strings.Count(svg, truthDash))
	}
	got := b.String()
	path := filepath.Join("testdata", "structure.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run TestStructureGolden -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("got  %s\nwant %s", g, w)
			}
		}
	}
}
