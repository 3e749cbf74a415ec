package autodiff

import "fmt"

// numel returns the number of elements of a tensor of the given shape.
func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func cloneShape(s []int) []int { return append([]int(nil), s...) }

func checkShape(op string, shape []int) {
	for _, d := range shape {
		if d < 0 {
			panic(&OpError{Op: op, Msg: fmt.Sprintf("negative dimension in shape %v", shape)})
		}
	}
}
