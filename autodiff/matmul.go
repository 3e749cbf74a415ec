package autodiff

// gemm computes C = alpha*op(A)*op(B) + beta*C on row-major flat slices,
// where op(A) is m×k and op(B) is k×n.
func gemm(tA, tB bool, m, n, k int, alpha float64, a, b []float64, beta float64, c []float64) {
	if n == 1 && m*k <= gemvMaxWork && (!tA || m <= gemvMaxTransRows) { // matrix·vector: no packing (gemv.go)
		gemv(tA, m, k, alpha, a, b, beta, c)
		return
	}
	gemmFast(tA, tB, m, n, k, alpha, a, b, beta, c) // gemm.go: our blocked kernel (no allocation)
}

// MatMul returns the matrix product a·b of a [m, k] and b [k, n].
func MatMul(a, b *Var) *Var {
	t := tapeOf("MatMul", a, b)
	if len(a.Shape) != 2 || len(b.Shape) != 2 || a.Shape[1] != b.Shape[0] {
		opPanic("MatMul", "need [m,k]·[k,n]", a, b)
	}
	m, k, n := a.Shape[0], a.Shape[1], b.Shape[1]
	y := t.newVar("MatMul", []int{m, n}, anyGrad(a, b))
	y.fwd = func() { gemm(false, false, m, n, k, 1, a.Value, b.Value, 0, y.Value) }
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = func() {
		if a.Grad != nil { // dA += dY·Bᵀ
			gemm(false, true, m, k, n, 1, y.Grad, b.Value, 1, a.Grad)
		}
		if b.Grad != nil { // dB += Aᵀ·dY
			gemm(true, false, k, n, m, 1, a.Value, y.Grad, 1, b.Grad)
		}
	}
	y.jvp = func() { // Ẏ = Ȧ·B + A·Ḃ
		gemm(false, false, m, n, k, 1, a.Tan, b.Value, 0, y.Tan)
		gemm(false, false, m, n, k, 1, a.Value, b.Tan, 1, y.Tan)
	}
	y.bwdTan = func() {
		if a.GradTan != nil { // d(dY·Bᵀ) = dẎ·Bᵀ + dY·Ḃᵀ
			gemm(false, true, m, k, n, 1, y.GradTan, b.Value, 1, a.GradTan)
			gemm(false, true, m, k, n, 1, y.Grad, b.Tan, 1, a.GradTan)
		}
		if b.GradTan != nil { // d(Aᵀ·dY) = Aᵀ·dẎ + Ȧᵀ·dY
			gemm(true, false, k, n, m, 1, a.Value, y.GradTan, 1, b.GradTan)
			gemm(true, false, k, n, m, 1, a.Tan, y.Grad, 1, b.GradTan)
		}
	}
	return t.push(y)
}
