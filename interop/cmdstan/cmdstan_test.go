package cmdstan

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/plotting"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// normal is a standard normal target with the given names.
func normal(names []string) density.Target {
	return density.FuncTarget{N: len(names), Names: names, F: func(g, x []float64) float64 {
		lp := 0.0
		for i, v := range x {
			g[i] = -v
			lp -= 0.5 * v * v
		}
		return lp
	}}
}

// correlated is a 3-dimensional Gaussian with correlations, for dense
// metrics.
func correlated(names []string) density.Target {
	p := [3][3]float64{{4.5, -3.5, 1}, {-3.5, 3.9, -0.6}, {1, -0.6, 1.6}}
	return density.FuncTarget{N: 3, Names: names, F: func(g, x []float64) float64 {
		lp := 0.0
		for i := range 3 {
			g[i] = 0
			for j := range 3 {
				g[i] -= p[i][j] * x[j]
			}
			lp += 0.5 * x[i] * g[i]
		}
		return lp
	}}
}

var (
	numberRE = regexp.MustCompile(`[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|\b(true|false|nan|inf)\b`)
	// Free text that names the machine's files and programs.
	freeRE = regexp.MustCompile(`^(#\s*(model|file|stanc_version|stancflags) =).*$`)
)

// layout masks a CSV line's numbers, booleans and dates, free-text values
// (model, file names, compiler) and CmdStan's "(Default)" markers, which
// depend on the version's defaults. A comment's list of numbers (the
// inverse metric) becomes one: the fixture's metric covers its 2 parameters,
// not its 61 generated quantities, which a Target does not have.
func layout(line string) string {
	line = strings.ReplaceAll(line, " (Default)", "")
	line = freeRE.ReplaceAllString(line, "$1 V")
	line = numberRE.ReplaceAllString(line, "N")
	if strings.HasPrefix(line, "#") {
		line = listRE.ReplaceAllString(line, "N…")
	}
	return line
}

var listRE = regexp.MustCompile(`N(, N)*`)

// TestLayout writes a run with the parameters of the committed CmdStan
// fixture and compares the files line by line, numbers and dates aside.
func TestLayout(t *testing.T) {
	fixture, err := os.ReadFile("testdata/multidim_vars.csv")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(bytes.NewReader(fixture))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range f.Columns[7:] {
		names = append(names, ParamName(c))
	}
	w := NewWriter(t.TempDir(), "multidim_vars")
	_, err = samplers.Sample(context.Background(), normal(names), samplers.Options{
		Chains: 2, Draws: 20, Seed: 12345, Recorder: w})
	if err != nil {
		t.Fatal(err)
	}
	ours, err := os.ReadFile(w.Paths()[1])
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(fixture), "\n"), "\n")
	got := strings.Split(strings.TrimSuffix(string(ours), "\n"), "\n")
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = layout(got[i])
		}
		if i < len(want) {
			w = layout(want[i])
		}
		if g != w {
			t.Fatalf("line %d:\n got  %.200q\n want %.200q\n(ours: %.200q)", i+1, g, w, got[min(i, len(got)-1)])
		}
	}
	if len(got) != 72 {
		t.Errorf("%d lines, want the fixture's 72", len(got))
	}
}

// TestReadCmdStan reads CmdStan's own files and passes them to diag and
// plotting.
func TestReadCmdStan(t *testing.T) {
	tr, err := Read("testdata/bern-1.csv", "testdata/multidim_vars.csv")
	if err == nil || !strings.Contains(err.Error(), "columns") {
		t.Fatalf("files with other columns: error %v", err)
	}
	tr, err = Read("testdata/bern-1.csv", "testdata/bern-1.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tr.Chains != 2 || tr.NumDraws() != 100 || tr.Dim != 1 || tr.Names[0] != "theta" || tr.Warmup != 0 {
		t.Fatalf("trace %d chains × %d draws of %v (warm-up %d)", tr.Chains, tr.NumDraws(), tr.Names, tr.Warmup)
	}
	a := tr.Adapted[0]
	if a.StepSize != 0.738376 || a.Metric != samplers.Diag || len(a.InvMetric) != 1 || a.InvMetric[0] != 0.524282 {
		t.Errorf("adaptation %+v, want step 0.738376, diagonal [0.524282]", a)
	}
	st := tr.Stats[0]
	if st.LogDensity != -7.49727 || st.AcceptStat != 1 || st.TreeDepth != 2 || st.NLeapfrog != 3 || st.Energy != 8.37774 || tr.Samples[0] != 0.419069 {
		t.Errorf("first draw %+v theta %v", st, tr.Samples[0])
	}
	s, err := diag.Summarize(tr, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Params) != 1 || math.Abs(s.Params[0].Mean-mean(tr.Param(0)[0])) > 1e-12 {
		t.Errorf("summary %+v", s.Params)
	}
	if _, err := plotting.Trace(tr, plotting.TraceOptions{}); err != nil {
		t.Errorf("plotting.Trace: %v", err)
	}

	tr, err = Read("testdata/multidim_vars.csv")
	if err != nil {
		t.Fatal(err)
	}
	if tr.Dim != 63 || tr.Names[2] != "y_rep[1,1,1]" || tr.Names[3] != "y_rep[2,1,1]" || tr.Names[62] != "frac_60" {
		t.Errorf("names %v", tr.Names)
	}
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// TestParseVersions reads the header of CmdStan 2.33 and later (true/false)
// and a file with warm-up draws.
func TestParseVersions(t *testing.T) {
	src, err := os.ReadFile("testdata/bern-1.csv")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "save_warmup = 0 (Default)", "save_warmup = true", 1)
	text = strings.Replace(text, "num_warmup = 1000 (Default)", "num_warmup = 30", 1)
	f, err := Parse(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	if f.WarmupRows != 0 || f.Config["save_warmup"] != "true" || f.Config["seed"] != "12345" || f.Config["file"] == "" {
		t.Errorf("warm-up rows %d (the adaptation block comes first), config %v", f.WarmupRows, f.Config)
	}
	if _, err := Parse(strings.NewReader("# method = optimize\nlp__,theta\n1,2\n")); err == nil || !strings.Contains(err.Error(), "optimize") {
		t.Errorf("optimization output: error %v", err)
	}
	if _, err := Parse(strings.NewReader("lp__,theta\n1,2,3\n")); err == nil || !strings.Contains(err.Error(), "line 2 has 3 values") {
		t.Errorf("ragged row: error %v", err)
	}
	if _, err := Parse(strings.NewReader("lp__,theta\n1,x\n")); err == nil || !strings.Contains(err.Error(), "value 2") {
		t.Errorf("bad number: error %v", err)
	}
}

// TestRoundTrip streams a run with warm-up, thinning and a dense metric,
// reads it back and gets every value bit for bit.
func TestRoundTrip(t *testing.T) {
	for _, metric := range []samplers.MetricKind{samplers.Diag, samplers.Dense, samplers.Unit} {
		dir := t.TempDir()
		w := NewWriter(dir, "corr")
		want, err := samplers.Sample(context.Background(), correlated([]string{"theta[0]", "theta[1]", "sigma"}), samplers.Options{
			Warmup: 200, Draws: 150, Thin: 2, KeepWarmup: true, Metric: metric, Seed: 3, Recorder: w})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Read(w.Paths()...)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(got.Names, " ") != "theta[1] theta[2] sigma" {
			t.Errorf("names %v, want CmdStan's 1-based theta[1] theta[2] sigma", got.Names)
		}
		if got.Chains != 4 || got.Draws != want.Draws || got.Warmup != want.Warmup || got.Warmup != 100 {
			t.Fatalf("%v: %d chains × %d rows (warm-up %d), want 4 × %d (%d)", metric, got.Chains, got.Draws, got.Warmup, want.Draws, want.Warmup)
		}
		for i := range want.Samples {
			if got.Samples[i] != want.Samples[i] {
				t.Fatalf("value %d = %v, want %v", i, got.Samples[i], want.Samples[i])
			}
		}
		for i := range want.Stats {
			if got.Stats[i] != want.Stats[i] {
				t.Fatalf("statistics %d = %+v, want %+v", i, got.Stats[i], want.Stats[i])
			}
		}
		for c := range want.Adapted {
			g, w := got.Adapted[c], want.Adapted[c]
			if g.StepSize != w.StepSize || g.Metric != w.Metric || len(g.InvMetric) != len(w.InvMetric) {
				t.Fatalf("%v chain %d adaptation %+v, want %+v", metric, c, g, w)
			}
			for i := range w.InvMetric {
				if g.InvMetric[i] != w.InvMetric[i] {
					t.Fatalf("chain %d inverse metric %v, want %v", c, g.InvMetric, w.InvMetric)
				}
			}
		}
	}
}

// TestResumeReplays resumes a cancelled run from its checkpoint with a new
// Writer: the files are those of the uninterrupted run, timing aside.
func TestResumeReplays(t *testing.T) {
	names := []string{"a", "b[1]", "b[2]"}
	o := samplers.Options{Chains: 2, Warmup: 150, Draws: 100, KeepWarmup: true, Seed: 5}
	full := NewWriter(t.TempDir(), "m")
	o.Recorder = full
	if _, err := samplers.Sample(context.Background(), correlated(names), o); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	o.Recorder = NewWriter(t.TempDir(), "m")
	o.Checkpoint = filepath.Join(t.TempDir(), "ckpt")
	o.Callback = func(d samplers.Draw) {
		if d.Iteration == 180 {
			cancel()
		}
	}
	if _, err := samplers.Sample(ctx, correlated(names), o); err == nil {
		t.Fatal("no error from a cancelled run")
	}
	cp, err := samplers.ReadCheckpoint(o.Checkpoint)
	if err != nil {
		t.Fatal(err)
	}
	resumed := NewWriter(t.TempDir(), "m")
	o.Recorder, o.Callback, o.Resume = resumed, nil, cp
	if _, err := samplers.Sample(context.Background(), correlated(names), o); err != nil {
		t.Fatal(err)
	}
	for c := range 2 {
		a, err := os.ReadFile(full.Paths()[c])
		if err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(resumed.Paths()[c])
		if err != nil {
			t.Fatal(err)
		}
		strip := func(s []byte) string {
			var keep []string
			for _, l := range strings.Split(string(s), "\n") {
				if !strings.Contains(l, "seconds (") && !strings.HasPrefix(l, "#   file =") {
					keep = append(keep, l)
				}
			}
			return strings.Join(keep, "\n")
		}
		if strip(a) != strip(b) {
			t.Errorf("chain %d: the resumed run's file differs from the uninterrupted run's", c+1)
		}
	}
}

// TestShardsShareDirectory writes a 4-chain run as two shards (FirstChain 0
// and 2) into one directory: the four files are distinct, numbered and
// identified by global chain, and read back in chain order they are the
// unsharded run's draws bit for bit. The unsharded run keeps its names
// m_1.csv … m_4.csv.
func TestShardsShareDirectory(t *testing.T) {
	names := []string{"a", "b[1]", "b[2]"}
	o := samplers.Options{Chains: 4, Warmup: 150, Draws: 100, Seed: 11}
	whole := NewWriter(t.TempDir(), "m")
	o.Recorder = whole
	want, err := samplers.Sample(context.Background(), correlated(names), o)
	if err != nil {
		t.Fatal(err)
	}
	for c, p := range whole.Paths() {
		if base := filepath.Base(p); base != fmt.Sprintf("m_%d.csv", c+1) {
			t.Errorf("unsharded chain %d file %s, want m_%d.csv", c, base, c+1)
		}
	}

	dir := t.TempDir()
	var paths []string
	for _, first := range []int{0, 2} {
		w := NewWriter(dir, "m")
		so := o
		so.Chains, so.FirstChain, so.Recorder = 2, first, w
		if _, err := samplers.Sample(context.Background(), correlated(names), so); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, w.Paths()...)
	}
	listed, err := filepath.Glob(filepath.Join(dir, "m_*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(listed) != 4 {
		t.Fatalf("the directory holds %d files %v, want 4", len(listed), listed)
	}
	for c, p := range paths {
		if base := filepath.Base(p); base != fmt.Sprintf("m_%d.csv", c+1) {
			t.Errorf("global chain %d written to %s, want m_%d.csv", c, base, c+1)
		}
		fh, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(fh)
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		if id := f.Config["id"]; id != fmt.Sprint(c+1) {
			t.Errorf("%s: id = %s, want %d", p, id, c+1)
		}
	}
	got, err := Read(paths...)
	if err != nil {
		t.Fatal(err)
	}
	if got.Chains != 4 || len(got.Samples) != len(want.Samples) {
		t.Fatalf("read back %d chains, %d values; want 4, %d", got.Chains, len(got.Samples), len(want.Samples))
	}
	for i := range want.Samples {
		if got.Samples[i] != want.Samples[i] {
			t.Fatalf("value %d (chain %d) = %v, unsharded run %v", i, i/(want.Draws*want.Dim), got.Samples[i], want.Samples[i])
		}
	}
	for i := range want.Stats {
		if got.Stats[i] != want.Stats[i] {
			t.Fatalf("statistics %d = %+v, unsharded run %+v", i, got.Stats[i], want.Stats[i])
		}
	}
}
