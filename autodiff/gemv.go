package autodiff

// gemvMaxTransRows bounds m for the transposed matrix·vector product
// through gemv: its dot products run down columns of the stored matrix,
// which suits a few columns (a regression's design) but not many.
const gemvMaxTransRows = 32

// gemvMaxWork bounds m·k for gemv: larger products keep gemm's parallel
// path.
const gemvMaxWork = 1 << 16

// gemv computes c = alpha·op(A)·b + beta·c for op(A) m×k and a vector b
// of length k (gemm with n = 1; with one column, B and Bᵀ have the same
// layout). Each dot product is formed in full before it is added to c, as
// in gemm. For the regression means of small models (A a design of a few
// hundred rows and a few columns) this avoids gemm's packing.
func gemv(tA bool, m, k int, alpha float64, a, b []float64, beta float64, c []float64) {
	if m == 0 {
		return
	}
	c = c[:m]
	switch beta {
	case 0:
		clear(c)
	case 1:
	default:
		for i := range c {
			c[i] *= beta
		}
	}
	if k == 0 || alpha == 0 {
		return
	}
	b = b[:k]
	if !tA { // A stored m×k: row dot products
		a = a[:m*k]
		for i := range c {
			row := a[i*k : i*k+k]
			s := 0.0
			for p, v := range row {
				s += v * b[p]
			}
			c[i] += alpha * s
		}
		return
	}
	// A stored k×m: c_i = Σ_p A[p, i]·b_p, four columns at a time.
	a = a[:k*m]
	i := 0
	for ; i+4 <= m; i += 4 {
		var s0, s1, s2, s3 float64
		for p, bp := range b {
			r := a[p*m+i : p*m+i+4]
			s0 += r[0] * bp
			s1 += r[1] * bp
			s2 += r[2] * bp
			s3 += r[3] * bp
		}
		c[i] += alpha * s0
		c[i+1] += alpha * s1
		c[i+2] += alpha * s2
		c[i+3] += alpha * s3
	}
	for ; i < m; i++ {
		s := 0.0
		for p, bp := range b {
			s += a[p*m+i] * bp
		}
		c[i] += alpha * s
	}
}
