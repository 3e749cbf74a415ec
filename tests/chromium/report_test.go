// Package chromium checks that HTML reports open in headless Chromium
// without console errors and show their images. The tests skip when
// chromium is not installed.
package chromium

import (
	"errors"
	"flag"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/plotting"
	"github.com/bayesnn-go/bayesnn/report"
)

var outDir = flag.String("out", "", "directory to keep the report and its screenshot in")

type stats map[string][][]float64

func (s stats) Stat(name string) [][]float64 { return s[name] }

// buildReport writes a report holding one of every plot kind, inline SVG
// and PNG, a table and code, to dir/all.html, and an index beside it.
func buildReport(t *testing.T, dir string) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(42, 1))
	const nChains, nDraws = 4, 300
	names := []string{"mu", "log_tau", "theta"}
	draws := make([][][]float64, len(names))
	div := make([][]float64, nChains)
	energy := make([][]float64, nChains)
	for j := range draws {
		draws[j] = make([][]float64, nChains)
	}
	for c := range nChains {
		div[c], energy[c] = make([]float64, nDraws), make([]float64, nDraws)
		for j := range names {
			draws[j][c] = make([]float64, nDraws)
		}
		for i := range nDraws {
			draws[0][c][i] = 1 + rng.NormFloat64()
			draws[1][c][i] = 0.5 * rng.NormFloat64()
			draws[2][c][i] = draws[0][c][i] + math.Exp(draws[1][c][i])*rng.NormFloat64()
			energy[c][i] = 3 + rng.NormFloat64()
			if rng.Float64() < 0.01 {
				div[c][i] = 1
			}
		}
	}
	chains := plotting.ChainSet{Names: names, Draws: draws}
	st := stats{plotting.StatDivergent: div, plotting.StatEnergy: energy}
	truth := map[string]float64{"mu": 1, "log_tau": 0}

	figs := []struct {
		caption string
		fig     *plotting.Figure
		err     error
	}{}
	add := func(caption string, f *plotting.Figure, err error) {
		figs = append(figs, struct {
			caption string
			fig     *plotting.Figure
			err     error
		}{caption, f, err})
	}
	f, err := plotting.Trace(chains, plotting.TraceOptions{Stats: st, Truth: truth})
	add("Trace", f, err)
	f, err = plotting.Marginals(chains, plotting.MarginalsOptions{Truth: truth})
	add("Marginals", f, err)
	f, err = plotting.Pair(chains, plotting.PairOptions{Stats: st, MaxPoints: 400})
	add("Pairs", f, err)
	f, err = plotting.Rank(chains, plotting.RankOptions{})
	add("Rank", f, err)
	f, err = plotting.Energy(energy, plotting.EnergyOptions{})
	add("Energy", f, err)
	rows, err := plotting.Intervals(chains, 0.5, 0.94)
	if err != nil {
		t.Fatal(err)
	}
	f, err = plotting.Forest(rows, plotting.ForestOptions{Truth: truth})
	add("Forest", f, err)
	f, err = plotting.Autocorrelation(chains, plotting.AutocorrOptions{})
	add("Autocorrelation", f, err)
	var b plotting.Band
	for i := range 40 {
		x := float64(i) / 39 * 6
		b.X = append(b.X, x)
		b.Mean = append(b.Mean, math.Sin(x))
		b.EpistemicLo, b.EpistemicHi = append(b.EpistemicLo, math.Sin(x)-0.2), append(b.EpistemicHi, math.Sin(x)+0.2)
		b.TotalLo, b.TotalHi = append(b.TotalLo, math.Sin(x)-0.5), append(b.TotalHi, math.Sin(x)+0.5)
	}
	f, err = plotting.PredictiveBand(b, b.X, b.Mean, plotting.PredictiveOptions{Truth: math.Sin})
	add("Predictive", f, err)
	f, err = plotting.Accuracy([]plotting.Series{{Name: "HMC", Y: []float64{0.5, 0.8, 0.9}}}, plotting.AccuracyOptions{UnitY: true})
	add("Accuracy", f, err)
	f, err = plotting.Funnel(pooledOf(draws[2]), pooledOf(draws[1]), nil, plotting.FunnelOptions{})
	add("Funnel", f, err)
	f, err = plotting.Contour(func(x, y float64) float64 { return -x*x - y*y }, pooledOf(draws[0]), pooledOf(draws[1]), plotting.ContourOptions{})
	add("Contour", f, err)
	img := make([]float64, 28*28)
	for i := 100; i < 600; i += 29 {
		img[i] = 1
	}
	f, err = plotting.Digits([][]float64{img, img}, []int{1, 7}, plotting.DigitsOptions{Truth: []int{1, 1}})
	add("Digits", f, err)

	r := report.New("All plots")
	r.Heading("Setup")
	r.Text("Synthetic draws; `divergent__` flags are random.\n\n```\ngo test ./tests/chromium\n```")
	r.Table(report.Raw("<table><thead><tr><th>param</th><th>mean</th></tr></thead><tbody><tr><td>mu</td><td>1.00</td></tr></tbody></table>"), "A table")
	r.Heading("Plots (SVG)")
	for _, g := range figs {
		if g.err != nil {
			t.Fatalf("%s: %v", g.caption, g.err)
		}
		r.Plot(g.fig, g.caption)
	}
	r.Heading("Plots (PNG)")
	r.PlotPNG(figs[0].fig, "Trace as PNG")
	r.PlotPNG(figs[len(figs)-1].fig, "Digits as PNG")
	path := filepath.Join(dir, "all.html")
	if err := r.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	if err := report.Index(dir, []report.Entry{{Title: "All plots", Path: "all.html"}}); err != nil {
		t.Fatal(err)
	}
	return path
}

func pooledOf(d [][]float64) []float64 {
	var out []float64
	for _, ch := range d {
		out = append(out, ch...)
	}
	return out
}

// TestReportInChromium opens a report with every plot, and the index, in
// headless Chromium through check_report.sh.
func TestReportInChromium(t *testing.T) {
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium not installed (apt-get install -y chromium)")
	}
	dir := *outDir
	if dir == "" {
		dir = t.TempDir()
	}
	path := buildReport(t, dir)
	for _, page := range []string{path, filepath.Join(dir, "index.html")} {
		out, err := exec.Command("./check_report.sh", page).CombinedOutput()
		t.Logf("%s:\n%s", filepath.Base(page), out)
		var ee *exec.ExitError
		if errors.As(err, &ee) && ee.ExitCode() == 77 {
			t.Skip("chromium not usable")
		}
		if err != nil {
			t.Fatalf("check_report.sh %s: %v", page, err)
		}
		if page == path && !strings.Contains(string(out), "svgs=12") {
			t.Errorf("expected 12 inline SVGs in the report")
		}
	}
}

// TestCheckerCatchesErrors makes sure the checker can fail: a page with a
// broken image and a script error must be rejected.
func TestCheckerCatchesErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("two more Chromium runs; skipped with -short")
	}
	if _, err := exec.LookPath("chromium"); err != nil {
		t.Skip("chromium not installed")
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.html")
	page := `<!DOCTYPE html><html><head><title>bad</title></head><body><p>text</p>` +
		`<img src="data:image/png;base64,AAAA"><script>nosuchfunction()</script></body></html>`
	if err := os.WriteFile(bad, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("./check_report.sh", bad).CombinedOutput()
	t.Logf("%s", out)
	if err == nil {
		t.Fatal("check_report.sh accepted a page with a broken image and a script error")
	}
	for _, want := range []string{"FAIL", "img#0", "nosuchfunction"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q", want)
		}
	}
}
