package autodiff

import "math"

// Small dense linear algebra: inner products, quadratic forms, the
// Cholesky factor and triangular solves, with first- and second-order
// rules. Matrices are row-major [n, n] Vars. The O(n³) kernels are plain
// loops, meant for the small matrices of priors and metrics (n up to a few
// hundred).

// Dot returns Σ a_i b_i as a scalar, for a and b of the same shape.
func Dot(a, b *Var) *Var {
	t := tapeOf("Dot", a, b)
	if !sameShape(a.Shape, b.Shape) {
		opPanic("Dot", "shapes differ", a, b)
	}
	y := t.newVar("Dot", []int{1}, anyGrad(a, b))
	y.fwd = func() { y.Value[0] = dotSlices(a.Value, b.Value) }
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = func() {
		g := y.Grad[0]
		if a.Grad != nil {
			axpySlices(a.Grad, g, b.Value)
		}
		if b.Grad != nil {
			axpySlices(b.Grad, g, a.Value)
		}
	}
	y.jvp = func() { y.Tan[0] = dotSlices(a.Tan, b.Value) + dotSlices(a.Value, b.Tan) }
	y.bwdTan = func() {
		g, gt := y.Grad[0], y.GradTan[0]
		if a.GradTan != nil {
			axpySlices(a.GradTan, gt, b.Value)
			axpySlices(a.GradTan, g, b.Tan)
		}
		if b.GradTan != nil {
			axpySlices(b.GradTan, gt, a.Value)
			axpySlices(b.GradTan, g, a.Tan)
		}
	}
	return t.push(y)
}

func dotSlices(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// axpySlices adds c·x to dst.
func axpySlices(dst []float64, c float64, x []float64) {
	if c == 0 {
		return
	}
	for i, v := range x {
		dst[i] += c * v
	}
}

// QuadForm returns xᵀAx as a scalar for a vector x [n] and a matrix
// A [n, n] (not necessarily symmetric).
func QuadForm(x, a *Var) *Var {
	tapeOf("QuadForm", x, a)
	if len(x.Shape) != 1 {
		opPanic("QuadForm", "need a vector x and a matrix [n, n]", x, a)
	}
	return quadForm("QuadForm", Reshape(x, 1, x.Shape[0]), a, []int{1})
}

// QuadFormRows returns the quadratic forms x_rᵀ A x_r of the rows of
// X [m, n] as a vector [m], for A [n, n].
func QuadFormRows(x, a *Var) *Var {
	tapeOf("QuadFormRows", x, a)
	if len(x.Shape) != 2 {
		opPanic("QuadFormRows", "need a matrix X [m, n] and a matrix [n, n]", x, a)
	}
	return quadForm("QuadFormRows", x, a, []int{x.Shape[0]})
}

// symMulVec writes (A + Aᵀ)v into dst (length n), or adds c times it with
// add.
func symMulVec(dst, a, v []float64, n int, c float64, add bool) {
	for k := range n {
		s := 0.0
		for j := range n {
			s += (a[k*n+j] + a[j*n+k]) * v[j]
		}
		if add {
			dst[k] += c * s
		} else {
			dst[k] = c * s
		}
	}
}

// bilinear returns uᵀAv.
func bilinear(u, a, v []float64, n int) float64 {
	s := 0.0
	for i := range n {
		if u[i] == 0 {
			continue
		}
		r := 0.0
		for j := range n {
			r += a[i*n+j] * v[j]
		}
		s += u[i] * r
	}
	return s
}

// quadForm records y_r = x_rᵀ A x_r for the rows of x [m, n].
func quadForm(op string, x, a *Var, shape []int) *Var {
	t := tapeOf(op, x, a)
	if len(a.Shape) != 2 || a.Shape[0] != a.Shape[1] || a.Shape[0] != x.Shape[1] {
		opPanic(op, "need x of length n and a matrix [n, n]", x, a)
	}
	m, n := x.Shape[0], x.Shape[1]
	y := t.newVar(op, shape, anyGrad(x, a))
	y.fwd = func() {
		for r := range m {
			xr := x.Value[r*n : (r+1)*n]
			y.Value[r] = bilinear(xr, a.Value, xr, n)
		}
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	// ∂y_r/∂x_r = (A + Aᵀ)x_r, ∂y_r/∂A = x_r x_rᵀ.
	y.bwd = func() {
		for r := range m {
			g := y.Grad[r]
			if g == 0 {
				continue
			}
			xr := x.Value[r*n : (r+1)*n]
			if x.Grad != nil {
				symMulVec(x.Grad[r*n:(r+1)*n], a.Value, xr, n, g, true)
			}
			if a.Grad != nil {
				for i := range n {
					axpySlices(a.Grad[i*n:(i+1)*n], g*xr[i], xr)
				}
			}
		}
	}
	y.jvp = func() {
		for r := range m {
			xr, xt := x.Value[r*n:(r+1)*n], x.Tan[r*n:(r+1)*n]
			y.Tan[r] = bilinear(xt, a.Value, xr, n) + bilinear(xr, a.Value, xt, n) + bilinear(xr, a.Tan, xr, n)
		}
	}
	y.bwdTan = func() {
		for r := range m {
			g, gt := y.Grad[r], y.GradTan[r]
			xr, xt := x.Value[r*n:(r+1)*n], x.Tan[r*n:(r+1)*n]
			if x.GradTan != nil {
				d := x.GradTan[r*n : (r+1)*n]
				symMulVec(d, a.Value, xr, n, gt, true)
				symMulVec(d, a.Value, xt, n, g, true)
				symMulVec(d, a.Tan, xr, n, g, true)
			}
			if a.GradTan != nil {
				for i := range n {
					d := a.GradTan[i*n : (i+1)*n]
					axpySlices(d, gt*xr[i]+g*xt[i], xr)
					axpySlices(d, g*xr[i], xt)
				}
			}
		}
	}
	return t.push(y)
}

// triSolveInPlace solves op(T)·X = B for X in place of b ([n, k],
// row-major), where T [n, n] is lower triangular if lower (else upper) and
// op(T) is T or, with trans, Tᵀ. Only T's triangle is read.
func triSolveInPlace(tm []float64, n int, lower, trans bool, b []float64, k int) {
	el := func(i, j int) float64 { // op(T)[i, j]
		if trans {
			return tm[j*n+i]
		}
		return tm[i*n+j]
	}
	if lower != trans { // op(T) lower: forward substitution
		for i := range n {
			bi := b[i*k : (i+1)*k]
			for j := range i {
				axpySlices(bi, -el(i, j), b[j*k:(j+1)*k])
			}
			d := 1 / el(i, i)
			for c := range bi {
				bi[c] *= d
			}
		}
		return
	}
	for i := n - 1; i >= 0; i-- {
		bi := b[i*k : (i+1)*k]
		for j := i + 1; j < n; j++ {
			axpySlices(bi, -el(i, j), b[j*k:(j+1)*k])
		}
		d := 1 / el(i, i)
		for c := range bi {
			bi[c] *= d
		}
	}
}

// inTri reports whether (i, j) is in the lower (or upper) triangle.
func inTri(i, j int, lower bool) bool {
	if lower {
		return j <= i
	}
	return j >= i
}

// TriSolve returns the solution x of T·x = b for a triangular matrix
// T [n, n] (lower triangular if lower, else upper; the other triangle is
// not read and gets no gradient) and b a vector [n] or a matrix [n, k]. A
// zero on T's diagonal gives Inf or NaN, not a panic.
func TriSolve(tm, b *Var, lower bool) *Var {
	t := tapeOf("TriSolve", tm, b)
	if len(tm.Shape) != 2 || tm.Shape[0] != tm.Shape[1] || len(b.Shape) < 1 || len(b.Shape) > 2 || b.Shape[0] != tm.Shape[0] {
		opPanic("TriSolve", "need T [n, n] and b [n] or [n, k]", tm, b)
	}
	n := tm.Shape[0]
	k := 1
	if len(b.Shape) == 2 {
		k = b.Shape[1]
	}
	y := t.newVar("TriSolve", b.Shape, anyGrad(tm, b))
	y.fwd = func() {
		copy(y.Value, b.Value)
		triSolveInPlace(tm.Value, n, lower, false, y.Value, k)
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	bb := make([]float64, n*k) // b̄ = T⁻ᵀ x̄
	bt := make([]float64, n*k) // its tangent
	// subTriOuter adds -c·tri(u vᵀ) to dst, for u, v [n, k].
	subTriOuter := func(dst []float64, c float64, u, v []float64) {
		for i := range n {
			for j := range n {
				if inTri(i, j, lower) {
					dst[i*n+j] -= c * dotSlices(u[i*k:(i+1)*k], v[j*k:(j+1)*k])
				}
			}
		}
	}
	// triMulAdd adds c·tri(M)·v (or c·tri(M)ᵀ·v with trans) to dst.
	triMulAdd := func(dst []float64, c float64, mt []float64, trans bool, v []float64) {
		for i := range n {
			for j := range n {
				if !inTri(i, j, lower) {
					continue
				}
				if trans {
					axpySlices(dst[j*k:(j+1)*k], c*mt[i*n+j], v[i*k:(i+1)*k])
				} else {
					axpySlices(dst[i*k:(i+1)*k], c*mt[i*n+j], v[j*k:(j+1)*k])
				}
			}
		}
	}
	// b̄ = T⁻ᵀ x̄, T̄ = -tri(b̄ xᵀ).
	y.bwd = func() {
		copy(bb, y.Grad)
		triSolveInPlace(tm.Value, n, lower, true, bb, k)
		if b.Grad != nil {
			axpySlices(b.Grad, 1, bb)
		}
		if tm.Grad != nil {
			subTriOuter(tm.Grad, 1, bb, y.Value)
		}
	}
	// ẋ = T⁻¹(ḃ - tri(Ṫ)x).
	y.jvp = func() {
		copy(y.Tan, b.Tan)
		triMulAdd(y.Tan, -1, tm.Tan, false, y.Value)
		triSolveInPlace(tm.Value, n, lower, false, y.Tan, k)
	}
	// b̄̇ = T⁻ᵀ(x̄̇ - tri(Ṫ)ᵀ b̄), T̄̇ = -tri(b̄̇ xᵀ + b̄ ẋᵀ).
	y.bwdTan = func() {
		copy(bb, y.Grad)
		triSolveInPlace(tm.Value, n, lower, true, bb, k)
		copy(bt, y.GradTan)
		triMulAdd(bt, -1, tm.Tan, true, bb)
		triSolveInPlace(tm.Value, n, lower, true, bt, k)
		if b.GradTan != nil {
			axpySlices(b.GradTan, 1, bt)
		}
		if tm.GradTan != nil {
			subTriOuter(tm.GradTan, 1, bt, y.Value)
			subTriOuter(tm.GradTan, 1, bb, y.Tan)
		}
	}
	return t.push(y)
}

// transposeInPlace transposes a square [n, n] matrix.
func transposeInPlace(a []float64, n int) {
	for i := range n {
		for j := range i {
			a[i*n+j], a[j*n+i] = a[j*n+i], a[i*n+j]
		}
	}
}

// cholFactor writes the lower Cholesky factor of the matrix whose lower
// triangle is a into l (upper triangle zero). It reports false, leaving l
// all NaN, if a is not (numerically) positive definite.
func cholFactor(l, a []float64, n int) bool {
	clear(l)
	for j := range n {
		d := a[j*n+j] - dotSlices(l[j*n:j*n+j], l[j*n:j*n+j])
		if !(d > 0) || math.IsInf(d, 0) {
			for i := range l {
				l[i] = math.NaN()
			}
			return false
		}
		ljj := math.Sqrt(d)
		l[j*n+j] = ljj
		for i := j + 1; i < n; i++ {
			l[i*n+j] = (a[i*n+j] - dotSlices(l[i*n:i*n+j], l[j*n:j*n+j])) / ljj
		}
	}
	return true
}

// symPhiLower writes sym(Φ(B)) into dst, where Φ takes the lower triangle
// with the diagonal halved and sym(X) = (X + Xᵀ)/2.
func symPhiLower(dst, b []float64, n int) {
	for i := range n {
		dst[i*n+i] = 0.5 * b[i*n+i]
		for j := range i {
			v := 0.5 * b[i*n+j]
			dst[i*n+j], dst[j*n+i] = v, v
		}
	}
}

// sandwichInv writes L⁻ᵀ C L⁻¹ into dst for a symmetric C (with trans
// false: L⁻¹ C L⁻ᵀ).
func sandwichInv(dst, l, c []float64, n int, trans bool) {
	copy(dst, c)
	triSolveInPlace(l, n, true, trans, dst, n) // L⁻ᵀC
	transposeInPlace(dst, n)                   // C L⁻¹
	triSolveInPlace(l, n, true, trans, dst, n) // L⁻ᵀ C L⁻¹
}

// addLowerGrad adds to dst the gradient with respect to the lower
// triangle of a symmetric matrix whose symmetric gradient is S: S_ij + S_ji
// below the diagonal, S_ii on it.
func addLowerGrad(dst, s []float64, n int) {
	for i := range n {
		dst[i*n+i] += s[i*n+i]
		for j := range i {
			dst[i*n+j] += s[i*n+j] + s[j*n+i]
		}
	}
}

// Cholesky returns the lower-triangular Cholesky factor L of a symmetric
// positive-definite matrix A [n, n], A = L·Lᵀ. Only the lower triangle of
// A is read (as LAPACK's dpotrf with 'L'), so the upper triangle gets zero
// gradient; the upper triangle of L is zero.
//
// If A is not numerically positive definite (a pivot ≤ 0, or NaN/Inf in
// A), every element of L is NaN, and so are the gradients: a log density
// built on it is NaN, which samplers treat as a divergence. No panic.
//
// The backward rule is Murray's (2016): Ā = L⁻ᵀ sym(Φ(Lᵀ L̄)) L⁻¹ with Φ
// the lower triangle with halved diagonal; the tangent rule is
// L̇ = L·Φ(L⁻¹ Ȧ L⁻ᵀ), and the second-order rule differentiates the
// backward rule along the tangent.
func Cholesky(a *Var) *Var {
	t := tapeOf("Cholesky", a)
	if len(a.Shape) != 2 || a.Shape[0] != a.Shape[1] {
		opPanic("Cholesky", "need a square matrix", a)
	}
	n := a.Shape[0]
	y := t.newVar("Cholesky", a.Shape, a.Grad != nil)
	y.fwd = func() { cholFactor(y.Value, a.Value, n) }
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	nn := n * n
	buf := make([]float64, 4*nn)
	s1, s2, s3, s4 := buf[:nn], buf[nn:2*nn], buf[2*nn:3*nn], buf[3*nn:]
	// lowerAdjoint writes tril(g) into dst.
	lowerAdjoint := func(dst, g []float64) {
		for i := range n {
			for j := range n {
				if j <= i {
					dst[i*n+j] = g[i*n+j]
				} else {
					dst[i*n+j] = 0
				}
			}
		}
	}
	// cBar writes C = sym(Φ(Lᵀ L̄)) into dst, using s4 as scratch.
	cBar := func(dst []float64) {
		lowerAdjoint(s4, y.Grad)
		gemm(true, false, n, n, n, 1, y.Value, s4, 0, dst)
		copy(s4, dst)
		symPhiLower(dst, s4, n)
	}
	y.bwd = func() {
		cBar(s1)
		sandwichInv(s2, y.Value, s1, n, true)
		addLowerGrad(a.Grad, s2, n)
	}
	y.jvp = func() {
		// Ȧ symmetric from its lower triangle.
		for i := range n {
			for j := range i + 1 {
				s1[i*n+j], s1[j*n+i] = a.Tan[i*n+j], a.Tan[i*n+j]
			}
		}
		sandwichInv(s2, y.Value, s1, n, false) // M = L⁻¹ Ȧ L⁻ᵀ
		phiLower(s2, n)                        // K = Φ(M)
		gemm(false, false, n, n, n, 1, y.Value, s2, 0, y.Tan)
	}
	// Ṡ = L⁻ᵀ [Ċ - KᵀC - CK] L⁻¹ with K = L⁻¹L̇ and
	// Ċ = sym(Φ(L̇ᵀ L̄ + Lᵀ L̄̇)).
	y.bwdTan = func() {
		cBar(s1) // C
		// K = L⁻¹ L̇ into s2.
		copy(s2, y.Tan)
		triSolveInPlace(y.Value, n, true, false, s2, n)
		// s3 = L̇ᵀ L̄ + Lᵀ L̄̇.
		lowerAdjoint(s4, y.Grad)
		gemm(true, false, n, n, n, 1, y.Tan, s4, 0, s3)
		lowerAdjoint(s4, y.GradTan)
		gemm(true, false, n, n, n, 1, y.Value, s4, 1, s3)
		symPhiLower(s4, s3, n) // Ċ
		// s4 -= KᵀC + CK.
		gemm(true, false, n, n, n, -1, s2, s1, 1, s4)
		gemm(false, false, n, n, n, -1, s1, s2, 1, s4)
		sandwichInv(s3, y.Value, s4, n, true)
		addLowerGrad(a.GradTan, s3, n)
	}
	return t.push(y)
}

// phiLower replaces m by Φ(m): its lower triangle with the diagonal
// halved, zero above.
func phiLower(m []float64, n int) {
	for i := range n {
		m[i*n+i] *= 0.5
		for j := i + 1; j < n; j++ {
			m[i*n+j] = 0
		}
	}
}

// LogDetChol returns log det(L·Lᵀ) = 2 Σ log L_ii for a Cholesky factor
// L [n, n] (only the diagonal is read): the log-determinant of the matrix
// that Cholesky factored. NaN if L is (a NaN factor of a matrix that is
// not positive definite).
func LogDetChol(l *Var) *Var {
	t := tapeOf("LogDetChol", l)
	if len(l.Shape) != 2 || l.Shape[0] != l.Shape[1] {
		opPanic("LogDetChol", "need a square matrix", l)
	}
	n := l.Shape[0]
	y := t.newVar("LogDetChol", []int{1}, l.Grad != nil)
	y.fwd = func() {
		s := 0.0
		for i := range n {
			s += math.Log(l.Value[i*n+i])
		}
		y.Value[0] = 2 * s
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = func() {
		g := y.Grad[0]
		for i := range n {
			l.Grad[i*n+i] += 2 * g / l.Value[i*n+i]
		}
	}
	y.jvp = func() {
		s := 0.0
		for i := range n {
			s += l.Tan[i*n+i] / l.Value[i*n+i]
		}
		y.Tan[0] = 2 * s
	}
	y.bwdTan = func() {
		g, gt := y.Grad[0], y.GradTan[0]
		for i := range n {
			d := l.Value[i*n+i]
			l.GradTan[i*n+i] += 2*gt/d - 2*g*l.Tan[i*n+i]/(d*d)
		}
	}
	return t.push(y)
}
