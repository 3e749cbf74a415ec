package autodiff

// broadcast maps each element of a binary op's output to an element of
// each operand, following NumPy's rules (shapes aligned on the right, a
// dimension of 1 stretches). A nil index slice means the identity.
type broadcast struct {
	shape  []int
	ia, ib []int32
}

// broadcastShapes returns the output shape of a and b, or ok false.
func broadcastShapes(a, b []int) ([]int, bool) {
	n := max(len(a), len(b))
	out := make([]int, n)
	for i := range n {
		da, db := 1, 1
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db:
			out[i] = da
		case da == 1:
			out[i] = db
		case db == 1:
			out[i] = da
		default:
			return nil, false
		}
	}
	return out, true
}

// indexMap returns, for each element of out, the flat index in a tensor of
// shape in broadcast to out; nil when in equals out.
func indexMap(in, out []int) []int32 {
	if sameShape(in, out) {
		return nil
	}
	n := numel(out)
	idx := make([]int32, n)
	if numel(in) == 1 {
		return idx // all zero
	}
	// strides of in, aligned to out, 0 where broadcast.
	k := len(out)
	stride := make([]int, k)
	s := 1
	for i := k - 1; i >= 0; i-- {
		j := len(in) - k + i
		if j >= 0 && in[j] != 1 {
			stride[i] = s
		}
		if j >= 0 {
			s *= in[j]
		}
	}
	coord := make([]int, k)
	flat := 0
	for e := range n {
		idx[e] = int32(flat)
		for i := k - 1; i >= 0; i-- {
			coord[i]++
			flat += stride[i]
			if coord[i] < out[i] {
				break
			}
			flat -= stride[i] * coord[i]
			coord[i] = 0
		}
	}
	return idx
}

func newBroadcast(op string, a, b *Var) broadcast {
	shape, ok := broadcastShapes(a.Shape, b.Shape)
	if !ok {
		opPanic(op, "shapes do not broadcast", a, b)
	}
	checkImplicit(op, shape, a, b)
	return broadcast{shape: shape, ia: indexMap(a.Shape, shape), ib: indexMap(b.Shape, shape)}
}

func at(idx []int32, i int) int {
	if idx == nil {
		return i
	}
	return int(idx[i])
}

// checkImplicit panics with an *OpError naming the operands' shapes when
// broadcasting them implicitly to shape makes a result with more elements
// than every operand, as [n] against [n, 1] does ([n, n]): almost always a
// modelling mistake (an observation vector against a column of predictions)
// that would silently give a wrong answer. Such a broadcast must be asked for
// with BroadcastTo.
func checkImplicit(op string, shape []int, vs ...*Var) {
	n := numel(shape)
	for _, v := range vs {
		if numel(v.Shape) >= n {
			return
		}
	}
	args := make([]any, 0, len(vs)+1)
	args = append(args, shape)
	for _, v := range vs {
		args = append(args, v)
	}
	opPanic(op, "implicit broadcast to %v is larger than every operand; use BroadcastTo to ask for it", args...)
}

// BroadcastTo returns x broadcast to shape by NumPy's rules (shapes aligned
// on the right, a dimension of 1 stretches), as a copy. It is how a
// broadcast that enlarges every operand is asked for: binary ops and log
// densities refuse [n] against [n, 1] but accept BroadcastTo(a, n, n)
// against b. Its gradient sums over the stretched dimensions. It panics
// with an *OpError if x does not broadcast to shape.
func BroadcastTo(x *Var, shape ...int) *Var {
	const op = "BroadcastTo"
	tapeOf(op, x)
	for _, d := range shape {
		if d < 0 {
			opPanic(op, "negative dimension in target shape %v", shape, x)
		}
	}
	out, ok := broadcastShapes(x.Shape, shape)
	if !ok || !sameShape(out, shape) {
		opPanic(op, "shape does not broadcast to %v", shape, x)
	}
	shape = cloneShape(shape)
	idx := indexMap(x.Shape, shape)
	return linearMove(op, shape, []*Var{x},
		func(dst []float64, srcs func(int) []float64) {
			src := srcs(0)
			for i := range dst {
				dst[i] = src[at(idx, i)]
			}
		},
		func(_ int, dst, g []float64) {
			for i, v := range g {
				dst[at(idx, i)] += v
			}
		})
}
