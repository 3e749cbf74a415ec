package interop

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Var is a named parameter array assembled from flat names: theta[1],
// theta[2] make a Var theta of Shape [2]; L[1,1] … L[2,3] one of Shape
// [2, 3]; a name without brackets a scalar (Shape nil).
type Var struct {
	// Name is the array's name, the part before the brackets.
	Name string
	// Shape is the extent of each dimension, nil for a scalar.
	Shape []int
	// Base is the index of the first element as the names write it: 1 for
	// Stan's convention (theta[1]), 0 when an index 0 appears (theta[0]).
	Base int
	// Columns maps element i, in row-major order, to its position in the
	// list of names.
	Columns []int
}

// Len returns the number of elements.
func (v *Var) Len() int { return len(v.Columns) }

// Index returns the 0-based multi-index of element i (row-major), into dst
// when it has room.
func (v *Var) Index(dst []int, i int) []int {
	dst = append(dst[:0], make([]int, len(v.Shape))...)
	for d := len(v.Shape) - 1; d >= 0; d-- {
		dst[d] = i % v.Shape[d]
		i /= v.Shape[d]
	}
	return dst
}

var elementName = regexp.MustCompile(`^(.+)\[\s*(-?\d+(?:\s*,\s*-?\d+)*)\s*\]$`)

// ParseName splits theta[1,2] into theta and [1 2]; a name without an index
// returns a nil index.
func ParseName(name string) (string, []int) {
	m := elementName.FindStringSubmatch(name)
	if m == nil {
		return name, nil
	}
	parts := strings.Split(m[2], ",")
	idx := make([]int, len(parts))
	for i, p := range parts {
		v, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return name, nil
		}
		idx[i] = v
	}
	return m[1], idx
}

// Vars groups names into arrays, in the order of their first element. The
// elements of an array must all have the same number of indices and fill
// it exactly: a missing, repeated or negative index is an error, as is a
// scalar with the name of an array.
func Vars(names []string) ([]Var, error) {
	type acc struct {
		name string
		idx  [][]int
		cols []int
	}
	var order []*acc
	byName := map[string]*acc{}
	for col, n := range names {
		base, idx := ParseName(n)
		a := byName[base]
		if a == nil {
			a = &acc{name: base}
			byName[base] = a
			order = append(order, a)
		}
		if len(a.idx) > 0 && len(a.idx[0]) != len(idx) {
			return nil, fmt.Errorf("interop: %q has %d indices, %q has %d", n, len(idx), names[a.cols[0]], len(a.idx[0]))
		}
		a.idx = append(a.idx, idx)
		a.cols = append(a.cols, col)
	}
	out := make([]Var, 0, len(order))
	for _, a := range order {
		v := Var{Name: a.name}
		rank := len(a.idx[0])
		if rank == 0 {
			if len(a.cols) > 1 {
				return nil, fmt.Errorf("interop: parameter name %q appears %d times", a.name, len(a.cols))
			}
			v.Columns = a.cols
			out = append(out, v)
			continue
		}
		v.Base = 1
		hi := make([]int, rank)
		for _, idx := range a.idx {
			for d, i := range idx {
				if i < 0 {
					return nil, fmt.Errorf("interop: %q has a negative index", names[a.cols[0]])
				}
				if i == 0 {
					v.Base = 0
				}
				hi[d] = max(hi[d], i)
			}
		}
		v.Shape = make([]int, rank)
		n := 1
		for d := range hi {
			v.Shape[d] = hi[d] - v.Base + 1
			n *= v.Shape[d]
		}
		v.Columns = make([]int, n)
		for i := range v.Columns {
			v.Columns[i] = -1
		}
		for k, idx := range a.idx {
			flat := 0
			for d, i := range idx {
				if i < v.Base {
					return nil, fmt.Errorf("interop: %q: index %d below %s's base %d", names[a.cols[k]], i, a.name, v.Base)
				}
				flat = flat*v.Shape[d] + i - v.Base
			}
			if v.Columns[flat] >= 0 {
				return nil, fmt.Errorf("interop: parameter name %q appears twice", names[a.cols[k]])
			}
			v.Columns[flat] = a.cols[k]
		}
		for i, c := range v.Columns {
			if c < 0 {
				idx := v.Index(nil, i)
				for d := range idx {
					idx[d] += v.Base
				}
				return nil, fmt.Errorf("interop: %s has shape %v but no element %v", a.name, v.Shape, idx)
			}
		}
		out = append(out, v)
	}
	return out, nil
}
