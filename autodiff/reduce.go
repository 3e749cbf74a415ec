package autodiff

// Reductions along one axis. An axis may be negative, counting from the
// end (-1 is the last axis), as in NumPy. SumAxis and MeanAxis drop the
// reduced axis, as NumPy's default; reducing a vector gives shape [1], like
// Sum. The Keep variants keep it with length 1 (NumPy's keepdims=True), so
// that the result broadcasts against x; they are free views of the
// dropping ones.

// axisSplit checks axis against x's shape and returns it normalised, with
// the sizes of the dimensions before it (outer), of it (n) and after it
// (inner): x is then an [outer, n, inner] array.
func axisSplit(op string, x *Var, axis int) (ax, outer, n, inner int) {
	r := len(x.Shape)
	if axis < -r || axis >= r {
		opPanic(op, "axis %d out of range for rank %d", axis, r, x)
	}
	if axis < 0 {
		axis += r
	}
	outer, inner = 1, 1
	for _, d := range x.Shape[:axis] {
		outer *= d
	}
	for _, d := range x.Shape[axis+1:] {
		inner *= d
	}
	return axis, outer, x.Shape[axis], inner
}

// droppedShape returns shape without axis (shape [1] if nothing is left).
func droppedShape(shape []int, axis int) []int {
	s := make([]int, 0, len(shape))
	s = append(s, shape[:axis]...)
	s = append(s, shape[axis+1:]...)
	if len(s) == 0 {
		s = append(s, 1)
	}
	return s
}

// keptShape returns shape with axis set to 1.
func keptShape(shape []int, axis int) []int {
	s := cloneShape(shape)
	s[axis] = 1
	return s
}

// axisSum writes into dst[o*inner+i] c·Σ_j src[(o*n+j)*inner+i].
func axisSum(dst, src []float64, outer, n, inner int, c float64) {
	for o := range outer {
		d := dst[o*inner : (o+1)*inner]
		clear(d)
		for j := range n {
			s := src[(o*n+j)*inner : (o*n+j+1)*inner]
			for i, v := range s {
				d[i] += v
			}
		}
		if c != 1 {
			for i := range d {
				d[i] *= c
			}
		}
	}
}

// axisSpread accumulates c·g[o*inner+i] into every dst[(o*n+j)*inner+i]:
// the adjoint of axisSum.
func axisSpread(dst, g []float64, outer, n, inner int, c float64) {
	for o := range outer {
		gs := g[o*inner : (o+1)*inner]
		for j := range n {
			d := dst[(o*n+j)*inner : (o*n+j+1)*inner]
			for i, v := range gs {
				d[i] += c * v
			}
		}
	}
}

// reduceSum records y = c·Σ over the middle axis of x seen as
// [outer, n, inner], with output shape shape. The op is linear, so its
// tangent and second-order rules are the value and backward rules applied
// to tangents.
func reduceSum(op string, x *Var, outer, n, inner int, c float64, shape []int) *Var {
	t := tapeOf(op, x)
	y := t.newVar(op, shape, x.Grad != nil)
	y.fwd = func() { axisSum(y.Value, x.Value, outer, n, inner, c) }
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = func() { axisSpread(x.Grad, y.Grad, outer, n, inner, c) }
	y.jvp = func() { axisSum(y.Tan, x.Tan, outer, n, inner, c) }
	y.bwdTan = func() { axisSpread(x.GradTan, y.GradTan, outer, n, inner, c) }
	return t.push(y)
}

// Mean returns the mean of all elements of x as a scalar (NaN for an empty
// x).
func Mean(x *Var) *Var {
	tapeOf("Mean", x)
	n := len(x.Value)
	return reduceSum("Mean", x, 1, n, 1, 1/float64(n), []int{1})
}

// SumAxis returns the sums of x along axis, dropping that axis: for x of
// shape [2, 3, 4] and axis 1 the result has shape [2, 4].
func SumAxis(x *Var, axis int) *Var {
	tapeOf("SumAxis", x)
	ax, outer, n, inner := axisSplit("SumAxis", x, axis)
	return reduceSum("SumAxis", x, outer, n, inner, 1, droppedShape(x.Shape, ax))
}

// MeanAxis returns the means of x along axis, dropping that axis (NaN
// where the axis has length 0).
func MeanAxis(x *Var, axis int) *Var {
	tapeOf("MeanAxis", x)
	ax, outer, n, inner := axisSplit("MeanAxis", x, axis)
	return reduceSum("MeanAxis", x, outer, n, inner, 1/float64(n), droppedShape(x.Shape, ax))
}

// SumAxisKeep is SumAxis keeping the reduced axis with length 1.
func SumAxisKeep(x *Var, axis int) *Var {
	tapeOf("SumAxisKeep", x)
	ax, _, _, _ := axisSplit("SumAxisKeep", x, axis)
	return Reshape(SumAxis(x, ax), keptShape(x.Shape, ax)...)
}

// MeanAxisKeep is MeanAxis keeping the reduced axis with length 1.
func MeanAxisKeep(x *Var, axis int) *Var {
	tapeOf("MeanAxisKeep", x)
	ax, _, _, _ := axisSplit("MeanAxisKeep", x, axis)
	return Reshape(MeanAxis(x, ax), keptShape(x.Shape, ax)...)
}
