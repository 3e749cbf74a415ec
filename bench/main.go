// Command bench measures the toolkit's speed — gradients per second of
// each model's log posterior and effective draws per second of the
// samplers — with fixed seeds, and prints one table (and writes it as
// JSON). It is its own module so that the peers it is compared with do not
// become dependencies of the library. Run it with `make bench`.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// Row is one line of the table.
type Row struct {
	Group  string  `json:"group"`  // "gradient" or "sampler"
	Case   string  `json:"case"`   // e.g. "mlp 1-50-50-1, 100 points"
	Impl   string  `json:"impl"`   // "bayesnn", "infergo", "gomlx"
	Metric string  `json:"metric"` // e.g. "gradients/s"
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
	Allocs float64 `json:"allocs_per_op,omitempty"`
	Note   string  `json:"note,omitempty"`
}

// Machine describes where the table was made.
type Machine struct {
	CPU        string `json:"cpu"`
	Cores      int    `json:"cores"`
	GoVersion  string `json:"go"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	Date       string `json:"date"`
}

// Result is the JSON file.
type Result struct {
	Machine Machine `json:"machine"`
	Rows    []Row   `json:"rows"`
}

var (
	repeats   = flag.Int("repeats", 3, "repeats of each measurement (median and range)")
	quick     = flag.Bool("quick", false, "smaller runs (for a smoke test)")
	out       = flag.String("json", "out/bench.json", "JSON output file")
	only      = flag.String("only", "", "run only cases whose name contains this")
	group     = flag.String("group", "", "run only our cases of this group: gradient or sampler")
	withPeers = flag.Bool("peers", true, "also measure the peers (infergo, GoMLX)")
	cpuProf   = flag.String("cpuprofile", "", "write a CPU profile of the whole run to this file (use with -only)")
)

// summarize turns repeated measurements into a row.
func summarize(group, name, impl, metric string, xs []float64) Row {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return Row{Group: group, Case: name, Impl: impl, Metric: metric, Median: s[len(s)/2], Min: s[0], Max: s[len(s)-1]}
}

func machine() Machine {
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "model name") {
				cpu = strings.TrimSpace(l[strings.Index(l, ":")+1:])
				break
			}
		}
	}
	return Machine{CPU: cpu, Cores: runtime.NumCPU(), GoVersion: runtime.Version(), GOMAXPROCS: runtime.GOMAXPROCS(0), Date: time.Now().UTC().Format(time.RFC3339)}
}

func selected(name string) bool { return *only == "" || strings.Contains(name, *only) }

// inGroup reports whether rows of group g ("gradient", "sampler") are wanted.
func inGroup(g string) bool { return *group == "" || *group == g }

func main() {
	flag.Parse()
	if *cpuProf != "" {
		f, err := os.Create(*cpuProf)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer pprof.StopCPUProfile()
	}
	if *mnistFull {
		if err := runMNISTFull(); err != nil { // mnistfull.go
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	res := Result{Machine: machine()}
	start := time.Now()
	for _, c := range gradientCases() {
		if selected(c.name) && inGroup("gradient") {
			res.Rows = append(res.Rows, c.run(*repeats)...)
		}
	}
	for _, c := range samplerCases() {
		if selected(c.name) && inGroup("sampler") {
			res.Rows = append(res.Rows, c.run(*repeats)...)
		}
	}
	if selected("smc") && inGroup("sampler") {
		res.Rows = append(res.Rows, smcRows(*repeats)...) // SMC particle-moves/s (smc.go)
	}
	if selected("rmhmc") && inGroup("sampler") {
		res.Rows = append(res.Rows, rmhmcRows(*repeats)...) // RMHMC transitions/s (rmhmc.go)
	}
	for _, p := range peers {
		if *withPeers {
			res.Rows = append(res.Rows, p.run(*repeats)...)
		}
	}
	print(res)
	fmt.Printf("\n(%s, %d cores, %s; %.0f s)\n", res.Machine.CPU, res.Machine.Cores, res.Machine.GoVersion, time.Since(start).Seconds())
	if *out != "" {
		_ = os.MkdirAll(dirOf(*out), 0o755)
		b, _ := json.MarshalIndent(res, "", "  ")
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
}

func dirOf(p string) string {
	if i := strings.LastIndex(p, "/"); i >= 0 {
		return p[:i]
	}
	return "."
}

// print writes the table, with the ratio ours/theirs for peer rows.
func print(res Result) {
	ours := map[string]float64{}
	for _, r := range res.Rows {
		if r.Impl == "bayesnn" {
			ours[r.Case+"|"+r.Metric] = r.Median
		}
	}
	w := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "group\tcase\timpl\tmetric\tmedian\tmin\tmax\tallocs/op\tours/theirs\tnote\t")
	for _, r := range res.Rows {
		ratio := ""
		if r.Impl != "bayesnn" {
			if o, ok := ours[r.Case+"|"+r.Metric]; ok && r.Median > 0 {
				ratio = fmt.Sprintf("%.2f×", o/r.Median)
			}
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.0f\t%s\t%s\t\n", r.Group, r.Case, r.Impl, r.Metric,
			num(r.Median), num(r.Min), num(r.Max), r.Allocs, ratio, r.Note)
	}
	w.Flush()
}

func num(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 1:
		return fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%.3g", x)
}
