package diag

import (
	"fmt"
	"strings"
)

// selectVariables returns the indices into names that vars selects, in the
// order of vars (each entry's matches in the order of names), each index
// once. An entry selects
//   - the parameter of that exact name;
//   - every element of a vector or array parameter by its base name:
//     "theta" selects "theta[1]", "theta[2]", "theta[1,2]", ...;
//   - with a trailing "*", every parameter whose name starts with the rest:
//     "layer1.*" selects "layer1.w[1,1]", "layer1.b[3]", ...
//
// nil vars selects every parameter. An entry that selects nothing is an
// error naming it.
func selectVariables(names, vars []string) ([]int, error) {
	if vars == nil {
		idx := make([]int, len(names))
		for i := range idx {
			idx[i] = i
		}
		return idx, nil
	}
	if len(vars) == 0 {
		return nil, fmt.Errorf("diag: Variables is empty; nil selects every parameter")
	}
	seen := make([]bool, len(names))
	var idx []int
	for _, v := range vars {
		n := 0
		for i, name := range names {
			if !variableMatches(v, name) {
				continue
			}
			n++
			if !seen[i] {
				seen[i] = true
				idx = append(idx, i)
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("diag: Variables: no parameter matches %q (the run has %s)", v, list(baseNames(names)))
		}
	}
	return idx, nil
}

// variableMatches reports whether the selector v selects the parameter
// called name (see selectVariables).
func variableMatches(v, name string) bool {
	if p, ok := strings.CutSuffix(v, "*"); ok {
		return strings.HasPrefix(name, p)
	}
	return name == v || strings.HasPrefix(name, v) && strings.HasPrefix(name[len(v):], "[")
}

// baseNames returns the distinct names of names with any "[...]" index
// removed, in order of first appearance.
func baseNames(names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		if i := strings.IndexByte(n, '['); i > 0 {
			n = n[:i]
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
