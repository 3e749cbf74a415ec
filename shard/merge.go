package shard

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/interop/cmdstan"
	"github.com/bayesnn-go/bayesnn/samplers"
)

// Merged is a whole run assembled from its shards' files.
type Merged struct {
	// Trace holds the chains in global order.
	Trace *samplers.Trace
	// Summary is diag.Summarize of Trace.
	Summary *diag.Summary
	// NestedRHat is diag.NestedRHats of Trace, parameter by parameter, when
	// Superchains was given (nil otherwise).
	NestedRHat []float64
	// Files are the files read, in chain order.
	Files []string
}

// MergeError reports chains missing from the files, or given by more than
// one file; Shards lists the shards to run again for the missing chains.
type MergeError struct {
	Missing    []int            // global chains (0-based) without a file
	Duplicated map[int][]string // global chain → its files, when more than one
	Shards     []int            // shards holding the missing chains (Job.Merge only)
}

// Error lists the missing chains as ranges (and the shards to run again,
// when known) and each duplicated chain with its files.
func (e *MergeError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		s := fmt.Sprintf("%d chains missing (%s)", len(e.Missing), ranges(e.Missing))
		if len(e.Shards) > 0 {
			s += fmt.Sprintf("; run shards %s again", ranges(e.Shards))
		}
		parts = append(parts, s)
	}
	if len(e.Duplicated) > 0 {
		cs := make([]int, 0, len(e.Duplicated))
		for c := range e.Duplicated {
			cs = append(cs, c)
		}
		sort.Ints(cs)
		var ds []string
		for _, c := range cs {
			ds = append(ds, fmt.Sprintf("chain %d in %s", c, strings.Join(e.Duplicated[c], ", ")))
		}
		parts = append(parts, fmt.Sprintf("%d chains duplicated (%s)", len(cs), strings.Join(ds, "; ")))
	}
	return "shard: " + strings.Join(parts, "; ")
}

// ranges writes sorted integers as 0-3, 7, 9-10.
func ranges(v []int) string {
	var out []string
	for i := 0; i < len(v); {
		k := i
		for k+1 < len(v) && v[k+1] == v[k]+1 {
			k++
		}
		if k == i {
			out = append(out, strconv.Itoa(v[i]))
		} else {
			out = append(out, fmt.Sprintf("%d-%d", v[i], v[k]))
		}
		i = k + 1
	}
	return strings.Join(out, ", ")
}

// Merge reads the job's files in Dir and assembles them (see MergeFiles);
// a *MergeError's Shards names the shards to run again. superchains groups
// the chains for nested R-hat (0: none).
func (j Job) Merge(superchains int) (*Merged, error) {
	if err := j.check(); err != nil {
		return nil, err
	}
	paths, err := filepath.Glob(filepath.Join(j.Dir, j.model()+"_*.csv"))
	if err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	name := regexp.MustCompile(`^` + regexp.QuoteMeta(j.model()) + `_[0-9]+\.csv$`)
	keep := paths[:0]
	for _, p := range paths {
		if name.MatchString(filepath.Base(p)) {
			keep = append(keep, p)
		}
	}
	m, err := MergeFiles(j.Chains, superchains, keep...)
	var me *MergeError
	if errors.As(err, &me) {
		seen := map[int]bool{}
		for _, c := range me.Missing {
			if s := j.ShardOf(c); !seen[s] {
				seen[s] = true
				me.Shards = append(me.Shards, s)
			}
		}
	}
	return m, err
}

// MergeFiles reads the CmdStan CSV files of a run of chains chains, in any
// order, and assembles them in global chain order, each file's chain taken
// from the id of its header (1-based, as Job.Run writes it). Chains without
// a file or with several, and ids outside 1 … chains, are a *MergeError
// (ids out of range are reported as duplicates under their id − 1); files
// of different runs (any other header setting differs) are an error.
// superchains, if positive, groups consecutive chains for nested R-hat.
func MergeFiles(chains, superchains int, paths ...string) (*Merged, error) {
	if chains <= 0 {
		return nil, fmt.Errorf("shard: %d chains, must be positive", chains)
	}
	files := make([]*cmdstan.File, chains)
	where := make([]string, chains)
	dup := map[int][]string{}
	var ref map[string]string
	var refPath string
	for _, p := range paths {
		f, err := parseFile(p)
		if err != nil {
			return nil, err
		}
		id, err := strconv.Atoi(f.Config["id"])
		if err != nil {
			return nil, fmt.Errorf("shard: %s: no chain id in the header (id = %q)", p, f.Config["id"])
		}
		c := id - 1
		if ref == nil {
			ref, refPath = f.Config, p
		} else if k, a, b, differ := configDiff(ref, f.Config); differ {
			return nil, fmt.Errorf("shard: %s and %s are from different runs: %s = %q and %q", refPath, p, k, a, b)
		}
		if c < 0 || c >= chains || files[c] != nil {
			if c >= 0 && c < chains && len(dup[c]) == 0 {
				dup[c] = []string{where[c]}
			}
			dup[c] = append(dup[c], p)
			continue
		}
		files[c], where[c] = f, p
	}
	var missing []int
	for c, f := range files {
		if f == nil {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 || len(dup) > 0 {
		e := &MergeError{Missing: missing}
		if len(dup) > 0 {
			e.Duplicated = dup
		}
		return nil, e
	}
	tr, err := cmdstan.FromFiles(files)
	if err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	m := &Merged{Trace: tr, Files: where}
	if m.Summary, err = diag.Summarize(tr, nil); err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	if superchains > 0 {
		if m.NestedRHat, err = diag.NestedRHats(tr, superchains); err != nil {
			return nil, fmt.Errorf("shard: %w", err)
		}
	}
	return m, nil
}

func parseFile(p string) (*cmdstan.File, error) {
	fh, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("shard: %w", err)
	}
	defer fh.Close()
	f, err := cmdstan.Parse(bufio.NewReader(fh))
	if err != nil {
		return nil, fmt.Errorf("shard: %s: %w", p, err)
	}
	return f, nil
}

// configDiff returns the first header setting, other than the chain's id
// and file names, in which a and b differ.
func configDiff(a, b map[string]string) (key, va, vb string, differ bool) {
	keys := map[string]bool{}
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	for _, k := range sorted {
		if k == "id" || k == "file" || strings.HasSuffix(k, "_file") {
			continue
		}
		if a[k] != b[k] {
			return k, a[k], b[k], true
		}
	}
	return "", "", "", false
}
