package autodiff

// Ops that move elements: transpose, slice, concatenate, gather. Each is a
// copy (unlike View and Reshape, which alias), and each is linear, so its
// tangent rule is its value rule applied to tangents and its second-order
// rule its backward rule applied to the adjoints' tangents.

// linearMove records y = L(xs) for a linear map L that moves elements:
// apply(dst, srcs) writes L of the inputs' buffers into dst; adjoint(k, dst,
// g) accumulates the part of Lᵀg that belongs to input k into dst.
func linearMove(op string, shape []int, xs []*Var,
	apply func(dst []float64, srcs func(k int) []float64),
	adjoint func(k int, dst, g []float64)) *Var {
	t := tapeOf(op, xs...)
	y := t.newVar(op, shape, anyGrad(xs...))
	vals := func(k int) []float64 { return xs[k].Value }
	tans := func(k int) []float64 { return xs[k].Tan }
	y.fwd = func() { apply(y.Value, vals) }
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = func() {
		for k, x := range xs {
			if x.Grad != nil {
				adjoint(k, x.Grad, y.Grad)
			}
		}
	}
	y.jvp = func() { apply(y.Tan, tans) }
	y.bwdTan = func() {
		for k, x := range xs {
			if x.GradTan != nil {
				adjoint(k, x.GradTan, y.GradTan)
			}
		}
	}
	return t.push(y)
}

// Transpose returns the transpose of a matrix x [m, n] as [n, m].
func Transpose(x *Var) *Var {
	tapeOf("Transpose", x)
	if len(x.Shape) != 2 {
		opPanic("Transpose", "need a matrix", x)
	}
	m, n := x.Shape[0], x.Shape[1]
	return linearMove("Transpose", []int{n, m}, []*Var{x},
		func(dst []float64, srcs func(int) []float64) {
			src := srcs(0)
			for i := range m {
				for j := range n {
					dst[j*m+i] = src[i*n+j]
				}
			}
		},
		func(_ int, dst, g []float64) {
			for i := range m {
				for j := range n {
					dst[i*n+j] += g[j*m+i]
				}
			}
		})
}

// Slice returns the elements of x with index in [lo, hi) along axis (a
// negative axis counts from the end), as a new tensor of the same rank.
// It copies; for a contiguous range of a flat vector, View is free.
func Slice(x *Var, axis, lo, hi int) *Var {
	tapeOf("Slice", x)
	ax, outer, n, inner := axisSplit("Slice", x, axis)
	if lo < 0 || hi > n || lo > hi {
		opPanic("Slice", "range [%d, %d) out of bounds for axis %d of length %d", lo, hi, ax, n, x)
	}
	shape := cloneShape(x.Shape)
	shape[ax] = hi - lo
	w := (hi - lo) * inner // contiguous run per outer index
	return linearMove("Slice", shape, []*Var{x},
		func(dst []float64, srcs func(int) []float64) {
			src := srcs(0)
			for o := range outer {
				copy(dst[o*w:(o+1)*w], src[(o*n+lo)*inner:])
			}
		},
		func(_ int, dst, g []float64) {
			for o := range outer {
				d := dst[(o*n+lo)*inner : (o*n+lo)*inner+w]
				for i, v := range g[o*w : (o+1)*w] {
					d[i] += v
				}
			}
		})
}

// Concat joins xs along axis (a negative axis counts from the end); their
// shapes must agree except along axis.
func Concat(axis int, xs ...*Var) *Var {
	if len(xs) == 0 {
		panic(&OpError{Op: "Concat", Msg: "no operands"})
	}
	tapeOf("Concat", xs...)
	ax, outer, _, inner := axisSplit("Concat", xs[0], axis)
	shape := cloneShape(xs[0].Shape)
	shape[ax] = 0
	offs := make([]int, len(xs)) // start of each operand's run within an output run
	for k, x := range xs {
		if len(x.Shape) != len(shape) {
			opPanicShapes("Concat", "ranks differ", xs)
		}
		for d := range shape {
			if d != ax && x.Shape[d] != shape[d] {
				opPanicShapes("Concat", "shapes differ off the concatenation axis", xs)
			}
		}
		offs[k] = shape[ax] * inner
		shape[ax] += x.Shape[ax]
	}
	w := shape[ax] * inner // output run per outer index
	return linearMove("Concat", shape, xs,
		func(dst []float64, srcs func(int) []float64) {
			for k, x := range xs {
				wk := x.Shape[ax] * inner
				src := srcs(k)
				for o := range outer {
					copy(dst[o*w+offs[k]:o*w+offs[k]+wk], src[o*wk:(o+1)*wk])
				}
			}
		},
		func(k int, dst, g []float64) {
			wk := xs[k].Shape[ax] * inner
			for o := range outer {
				d := dst[o*wk : (o+1)*wk]
				for i, v := range g[o*w+offs[k] : o*w+offs[k]+wk] {
					d[i] += v
				}
			}
		})
}

// opPanicShapes panics with an *OpError listing the shapes of xs.
func opPanicShapes(op, msg string, xs []*Var) {
	vs := make([]any, len(xs))
	for i, x := range xs {
		vs[i] = x
	}
	opPanic(op, msg, vs...)
}

// Gather returns the slices of x at indices idx along axis (a negative
// axis counts from the end): along axis the result has len(idx) entries,
// entry j being x's entry idx[j]. Indices may repeat (their gradients
// add up) and come in any order; idx is copied.
func Gather(x *Var, axis int, idx []int) *Var {
	tapeOf("Gather", x)
	ax, outer, n, inner := axisSplit("Gather", x, axis)
	ix := append([]int(nil), idx...)
	for _, i := range ix {
		if i < 0 || i >= n {
			opPanic("Gather", "index %d out of range for axis %d of length %d", i, ax, n, x)
		}
	}
	shape := cloneShape(x.Shape)
	shape[ax] = len(ix)
	m := len(ix)
	return linearMove("Gather", shape, []*Var{x},
		func(dst []float64, srcs func(int) []float64) {
			src := srcs(0)
			for o := range outer {
				for j, i := range ix {
					copy(dst[(o*m+j)*inner:(o*m+j+1)*inner], src[(o*n+i)*inner:])
				}
			}
		},
		func(_ int, dst, g []float64) {
			for o := range outer {
				for j, i := range ix {
					d := dst[(o*n+i)*inner : (o*n+i+1)*inner]
					for e, v := range g[(o*m+j)*inner : (o*m+j+1)*inner] {
						d[e] += v
					}
				}
			}
		})
}
