package cmdstan

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bayesnn-go/bayesnn/interop"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Writer streams a run of samplers.Sample into CmdStan CSV files, one per
// chain, named Dir/Model_1.csv, Dir/Model_2.csv, …: set it as
// Options.Recorder. Each line is flushed as soon as it is made, so a crash
// loses at most the line being written.
//
// Files are numbered by global chain, as CmdStan numbers them by its id
// argument: chain c of a run with Options.FirstChain f is written to
// Dir/Model_{f+c+1}.csv with "id = f+c+1" in its header. So the shards of a
// larger run (FirstChain 0, 2, … of one Seed) can write into one directory
// without overwriting each other, and Read of all their files, in chain
// order, gives the single run's trace. A run with FirstChain 0 writes
// Model_1.csv … Model_{Chains}.csv.
//
// The layout is CmdStan 2.26's: the configuration as # comments, the
// sampler columns (lp__, accept_stat__, stepsize__, treedepth__,
// n_leapfrog__, divergent__, energy__) then the parameters with dotted
// 1-based names (theta[0] or theta[1] becomes theta.1, L[1,2] L.1.2), the
// adaptation block (step size and inverse metric) after the warm-up draws,
// and the timing at the end. Values are written in the shortest form that
// reads back to the same float64.
type Writer struct {
	// Dir is the directory of the files (created if missing).
	Dir string
	// Model names the model in the header and the files (default "model").
	Model string

	mu     sync.Mutex
	names  []string // CmdStan column names of the parameters
	chains []*chainFile
}

// chainFile is one chain's open file.
type chainFile struct {
	path string
	f    *os.File
	w    *bufio.Writer
	buf  []byte
	err  error
}

var _ samplers.Recorder = (*Writer)(nil)

// NewWriter returns a Writer of dir/model_K.csv files, K the global chain
// number from 1.
func NewWriter(dir, model string) *Writer { return &Writer{Dir: dir, Model: model} }

// Paths returns the files' paths, chain by chain of the run (after Begin):
// Paths()[c] is chain c's file, Dir/Model_{FirstChain+c+1}.csv.
func (w *Writer) Paths() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := make([]string, len(w.chains))
	for i, c := range w.chains {
		out[i] = c.path
	}
	return out
}

func (w *Writer) model() string {
	if w.Model == "" {
		return "model"
	}
	return w.Model
}

// ColumnNames returns CmdStan's dotted names of the parameters names:
// theta[1] → theta.1, L[1,2] → L.1.2, with 0-based names (theta[0]) shifted
// to CmdStan's 1-based ones.
func ColumnNames(names []string) ([]string, error) {
	vs, err := interop.Vars(names)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(names))
	var idx []int
	for _, v := range vs {
		if v.Shape == nil {
			out[v.Columns[0]] = v.Name
			continue
		}
		for i, col := range v.Columns {
			idx = v.Index(idx, i)
			var b strings.Builder
			b.WriteString(v.Name)
			for _, k := range idx {
				b.WriteByte('.')
				b.WriteString(strconv.Itoa(k + 1))
			}
			out[col] = b.String()
		}
	}
	for _, n := range out {
		if strings.ContainsAny(n, ",\"\n\r") {
			return nil, fmt.Errorf("cmdstan: parameter name %q holds a character CmdStan CSV cannot", n)
		}
	}
	return out, nil
}

// Begin creates the files and writes their headers, numbering the chains
// globally from o.FirstChain+1.
func (w *Writer) Begin(names []string, o samplers.Options) error {
	cols, err := ColumnNames(names)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(w.Dir, 0o755); err != nil {
		return fmt.Errorf("cmdstan: %w", err)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, c := range w.chains { // a Writer reused for a second run
		c.close()
	}
	w.names, w.chains = cols, nil
	for c := 0; c < o.Chains; c++ {
		id := o.FirstChain + c + 1 // CmdStan's 1-based chain id
		path := filepath.Join(w.Dir, fmt.Sprintf("%s_%d.csv", w.model(), id))
		f, err := os.Create(path)
		if err != nil {
			for _, cf := range w.chains {
				cf.close()
			}
			return fmt.Errorf("cmdstan: %w", err)
		}
		cf := &chainFile{path: path, f: f, w: bufio.NewWriter(f)}
		w.chains = append(w.chains, cf)
		cf.w.WriteString(header(w.model(), path, id, o))
		cf.w.WriteString(strings.Join(append(append([]string(nil), samplers.StatNames...), cols...), ","))
		cf.w.WriteByte('\n')
		cf.flush()
		if cf.err != nil {
			return cf.err
		}
	}
	return nil
}

// header returns CmdStan's configuration comments for the chain of id
// (1-based, global).
func header(model, path string, id int, o samplers.Options) string {
	var b strings.Builder
	line := func(indent int, key string, value any, def any) {
		v := fmt.Sprint(value)
		fmt.Fprintf(&b, "#%s%s = %s", strings.Repeat(" ", indent), key, v)
		if def != nil && fmt.Sprint(def) == v {
			b.WriteString(" (Default)")
		}
		b.WriteByte('\n')
	}
	section := func(indent int, name string) {
		fmt.Fprintf(&b, "#%s%s\n", strings.Repeat(" ", indent), name)
	}
	bit := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	line(1, "stan_version_major", 2, nil)
	line(1, "stan_version_minor", 26, nil)
	line(1, "stan_version_patch", 0, nil)
	line(1, "model", model, nil)
	line(1, "method", "sample", "sample")
	section(3, "sample")
	line(5, "num_samples", o.Draws, 1000)
	line(5, "num_warmup", o.Warmup, 1000)
	line(5, "save_warmup", bit(o.KeepWarmup), 0)
	line(5, "thin", o.Thin, 1)
	section(5, "adapt")
	nuts, isNUTS := o.Kernel.(samplers.NUTS)
	hmc, isHMC := o.Kernel.(samplers.HMC)
	_, isRWM := o.Kernel.(samplers.RWM)
	engaged := o.Warmup > 0 && (isNUTS || isHMC || isRWM)
	line(7, "engaged", bit(engaged), 1)
	line(7, "gamma", 0.05, 0.05)
	line(7, "delta", o.TargetAccept, 0.8)
	line(7, "kappa", 0.75, 0.75)
	line(7, "t0", 10, 10)
	w := o.WarmupOptions
	line(7, "init_buffer", orDefault(w.InitBuffer, 75), 75)
	line(7, "term_buffer", orDefault(w.TermBuffer, 50), 50)
	line(7, "window", orDefault(w.BaseWindow, 25), 25)
	if isRWM {
		line(5, "algorithm", "rwm", nil)
	} else {
		line(5, "algorithm", "hmc", "hmc")
		section(7, "hmc")
		if isHMC {
			line(9, "engine", "static", nil)
			section(11, "static")
			line(13, "int_time", float64(orDefault(hmc.Steps, 10))*o.StepSize, nil)
		} else {
			line(9, "engine", "nuts", "nuts")
			section(11, "nuts")
			line(13, "max_depth", orDefault(nuts.MaxTreeDepth, 10), 10)
		}
		line(9, "metric", o.Metric.String(), "diag_e") // Stan's names
		line(9, "metric_file", "", "")
		line(9, "stepsize", o.StepSize, 1)
		line(9, "stepsize_jitter", o.StepSizeJitter, 0)
	}
	line(1, "id", id, nil)
	section(1, "data")
	line(3, "file", "", "")
	line(1, "init", 2, 2)
	section(1, "random")
	line(3, "seed", o.Seed, nil)
	section(1, "output")
	line(3, "file", path, nil)
	line(3, "diagnostic_file", "", "")
	line(3, "refresh", 100, 100)
	line(3, "sig_figs", 17, nil)
	line(3, "profile_file", "profile.csv", "profile.csv")
	line(1, "stanc_version", "bayesnn-go", nil)
	line(1, "stancflags", "", nil)
	return b.String()
}

func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func (w *Writer) chain(c int) *chainFile {
	w.mu.Lock()
	defer w.mu.Unlock()
	if c < 0 || c >= len(w.chains) {
		return nil
	}
	return w.chains[c]
}

// Adapted writes the adaptation block: the step size and inverse metric.
func (w *Writer) Adapted(c int, a samplers.Adaptation) {
	cf := w.chain(c)
	if cf == nil || cf.err != nil {
		return
	}
	b := cf.buf[:0]
	b = append(b, "# Adaptation terminated\n# Step size = "...)
	b = strconv.AppendFloat(b, a.StepSize, 'g', -1, 64)
	b = append(b, '\n')
	switch a.Metric {
	case samplers.Diag:
		b = append(b, "# Diagonal elements of inverse mass matrix:\n"...)
		b = appendRow(b, a.InvMetric)
	case samplers.Dense:
		b = append(b, "# Elements of inverse mass matrix:\n"...)
		n := 0
		for n*n < len(a.InvMetric) {
			n++
		}
		for i := 0; i < n; i++ {
			b = appendRow(b, a.InvMetric[i*n:(i+1)*n])
		}
	default:
		b = append(b, "# No free parameters for unit metric\n"...)
	}
	cf.buf = b
	cf.w.Write(b)
	cf.flush()
}

func appendRow(b []byte, v []float64) []byte {
	b = append(b, "# "...)
	for i, x := range v {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	return append(b, '\n')
}

// Draw writes one line: the sampler columns, then the parameters.
func (w *Writer) Draw(c int, warmup bool, x []float64, st *samplers.DrawStats) {
	cf := w.chain(c)
	if cf == nil || cf.err != nil {
		return
	}
	b := cf.buf[:0]
	div := 0.0
	if st.Divergent {
		div = 1
	}
	for i, v := range [...]float64{st.LogDensity, st.AcceptStat, st.StepSize, float64(st.TreeDepth), float64(st.NLeapfrog), div, st.Energy} {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	for _, v := range x {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	b = append(b, '\n')
	cf.buf = b
	cf.w.Write(b)
	cf.flush()
}

// End writes the timing and closes the chain's file.
func (w *Writer) End(c int, warmup, sampling time.Duration) error {
	cf := w.chain(c)
	if cf == nil {
		return fmt.Errorf("cmdstan: End of chain %d, which Begin did not open", c)
	}
	if cf.err == nil {
		secs := func(d time.Duration) string { return strconv.FormatFloat(d.Seconds(), 'f', 3, 64) }
		fmt.Fprintf(cf.w, "# \n#  Elapsed Time: %s seconds (Warm-up)\n#                %s seconds (Sampling)\n#                %s seconds (Total)\n# \n",
			secs(warmup), secs(sampling), secs(warmup+sampling))
		cf.flush()
	}
	return cf.close()
}

func (cf *chainFile) flush() {
	if cf.err == nil {
		if err := cf.w.Flush(); err != nil {
			cf.err = fmt.Errorf("cmdstan: writing %s: %w", cf.path, err)
		}
	}
}

// close closes the file once and returns the first error met.
func (cf *chainFile) close() error {
	if cf.f != nil {
		cf.flush()
		if err := cf.f.Close(); err != nil && cf.err == nil {
			cf.err = fmt.Errorf("cmdstan: closing %s: %w", cf.path, err)
		}
		cf.f = nil
	}
	return cf.err
}
