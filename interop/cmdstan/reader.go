package cmdstan

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/bayesnn-go/bayesnn/samplers"
)

// File is one chain's CmdStan CSV file as read by Parse.
type File struct {
	// Config holds the key = value comments of the header, "(Default)"
	// dropped, by key (the first occurrence of a key repeated in several
	// sections: data's file comes before output's).
	Config map[string]string
	// Columns are the column names as written (lp__, …, theta.1).
	Columns []string
	// Rows holds the draws, one slice of len(Columns) values per line.
	Rows [][]float64
	// WarmupRows is the number of leading rows that are warm-up draws.
	WarmupRows int
	// Adapted is the adaptation block (Metric Unit and StepSize 0 when the
	// file has none).
	Adapted samplers.Adaptation
	// HasAdaptation reports whether the file has an adaptation block.
	HasAdaptation bool
}

// Parse reads one CmdStan CSV file (sampling output).
func Parse(r io.Reader) (*File, error) {
	f := &File{Config: map[string]string{}, Adapted: samplers.Adaptation{Metric: samplers.Unit}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<30)
	lineNo := 0
	adaptAt := -1 // rows before "Adaptation terminated"
	expect := ""  // the metric lines to come: "diag", "dense"
	var dense [][]float64
	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if strings.HasPrefix(line, "#") {
			body := strings.TrimSpace(strings.TrimPrefix(line, "#"))
			switch {
			case f.Columns == nil:
				if k, v, ok := strings.Cut(body, "="); ok {
					k = strings.TrimSpace(k)
					v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "(Default)"))
					if _, seen := f.Config[k]; !seen {
						f.Config[k] = v
					}
				}
			case body == "Adaptation terminated":
				adaptAt, f.HasAdaptation = len(f.Rows), true
			case strings.HasPrefix(body, "Step size ="):
				v, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(body, "Step size =")), 64)
				if err != nil {
					return nil, fmt.Errorf("cmdstan: line %d: step size: %w", lineNo, err)
				}
				f.Adapted.StepSize = v
			case body == "Diagonal elements of inverse mass matrix:":
				expect, f.Adapted.Metric = "diag", samplers.Diag
			case body == "Elements of inverse mass matrix:":
				expect, f.Adapted.Metric = "dense", samplers.Dense
			case body == "No free parameters for unit metric":
				f.Adapted.Metric = samplers.Unit
			case expect != "" && body != "":
				row, err := parseFloats(strings.Split(body, ","))
				if err != nil {
					return nil, fmt.Errorf("cmdstan: line %d: inverse metric: %w", lineNo, err)
				}
				if expect == "diag" {
					f.Adapted.InvMetric, expect = row, ""
				} else {
					dense = append(dense, row)
				}
			default:
				expect = ""
			}
			continue
		}
		if line == "" {
			continue
		}
		if f.Columns == nil {
			f.Columns = strings.Split(line, ",")
			continue
		}
		expect = ""
		row, err := parseFloats(strings.Split(line, ","))
		if err != nil {
			return nil, fmt.Errorf("cmdstan: line %d: %w", lineNo, err)
		}
		if len(row) != len(f.Columns) {
			return nil, fmt.Errorf("cmdstan: line %d has %d values for %d columns", lineNo, len(row), len(f.Columns))
		}
		f.Rows = append(f.Rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("cmdstan: %w", err)
	}
	if f.Columns == nil {
		return nil, errors.New("cmdstan: no column header: not a CmdStan CSV file")
	}
	if m := f.Config["method"]; m != "" && m != "sample" {
		return nil, fmt.Errorf("cmdstan: the file holds the output of method %q, not sample", m)
	}
	if len(dense) > 0 {
		n := len(dense)
		for i, r := range dense {
			if len(r) != n {
				return nil, fmt.Errorf("cmdstan: dense inverse metric row %d has %d values, want %d", i+1, len(r), n)
			}
			f.Adapted.InvMetric = append(f.Adapted.InvMetric, r...)
		}
	}
	if save := f.Config["save_warmup"]; save == "1" || save == "true" {
		if adaptAt >= 0 {
			f.WarmupRows = adaptAt
		} else {
			w, _ := strconv.Atoi(f.Config["num_warmup"])
			t, _ := strconv.Atoi(f.Config["thin"])
			if t <= 0 {
				t = 1
			}
			f.WarmupRows = min((w+t-1)/t, len(f.Rows))
		}
	}
	return f, nil
}

func parseFloats(fields []string) ([]float64, error) {
	out := make([]float64, len(fields))
	for i, s := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return nil, fmt.Errorf("value %d: %w", i+1, err)
		}
		out[i] = v
	}
	return out, nil
}

// ParamName returns the Trace name of a CmdStan column: theta.1 →
// theta[1], L.1.2 → L[1,2], sigma → sigma.
func ParamName(col string) string {
	parts := strings.Split(col, ".")
	k := len(parts)
	for k > 1 {
		if _, err := strconv.Atoi(parts[k-1]); err != nil {
			break
		}
		k--
	}
	if k == len(parts) {
		return col
	}
	return strings.Join(parts[:k], ".") + "[" + strings.Join(parts[k:], ",") + "]"
}

// Read reads CmdStan CSV files, one chain each (CmdStan's own or Writer's),
// into a Trace with CmdStan's sampler statistics, the warm-up draws when
// saved, and each chain's adaptation. Parameters are named as the modelling
// layer names them: theta.1 becomes theta[1]. The files must agree on the
// columns and the number of draws.
func Read(paths ...string) (*samplers.Trace, error) {
	if len(paths) == 0 {
		return nil, errors.New("cmdstan: no CSV files given")
	}
	files := make([]*File, len(paths))
	for i, p := range paths {
		fh, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("cmdstan: %w", err)
		}
		files[i], err = Parse(bufio.NewReader(fh))
		fh.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
	}
	tr, err := FromFiles(files)
	if err != nil {
		return nil, fmt.Errorf("cmdstan: %s: %w", strings.Join(paths, ", "), err)
	}
	return tr, nil
}

// FromFiles assembles parsed files, one chain each, into a Trace.
func FromFiles(files []*File) (*samplers.Trace, error) {
	if len(files) == 0 {
		return nil, errors.New("no chains")
	}
	first := files[0]
	var params []int
	stat := map[string]int{}
	tr := &samplers.Trace{Chains: len(files), Draws: len(first.Rows), Warmup: first.WarmupRows}
	for j, c := range first.Columns {
		if strings.HasSuffix(c, "__") {
			stat[c] = j
			continue
		}
		params = append(params, j)
		tr.Names = append(tr.Names, ParamName(c))
	}
	if len(params) == 0 {
		return nil, errors.New("the files have no parameter columns")
	}
	if _, ok := stat["lp__"]; !ok {
		return nil, errors.New("the files have no lp__ column: not sampling output")
	}
	tr.Dim = len(params)
	for c, f := range files {
		if strings.Join(f.Columns, ",") != strings.Join(first.Columns, ",") {
			return nil, fmt.Errorf("chain %d has columns %v, chain 1 %v", c+1, f.Columns, first.Columns)
		}
		if len(f.Rows) != tr.Draws || f.WarmupRows != tr.Warmup {
			return nil, fmt.Errorf("chain %d has %d draws (%d warm-up), chain 1 %d (%d)", c+1, len(f.Rows), f.WarmupRows, tr.Draws, tr.Warmup)
		}
		for _, row := range f.Rows {
			for _, j := range params {
				tr.Samples = append(tr.Samples, row[j])
			}
			get := func(name string) float64 {
				if j, ok := stat[name]; ok {
					return row[j]
				}
				return 0
			}
			tr.Stats = append(tr.Stats, samplers.DrawStats{
				LogDensity: row[stat["lp__"]], AcceptStat: get("accept_stat__"), StepSize: get("stepsize__"),
				TreeDepth: int(get("treedepth__")), NLeapfrog: int(get("n_leapfrog__")),
				Divergent: get("divergent__") != 0, Energy: get("energy__"),
			})
		}
		tr.Adapted = append(tr.Adapted, f.Adapted)
	}
	return tr, nil
}
