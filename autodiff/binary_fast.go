package autodiff

// Specialised first-order kernels of Add, Sub, Mul and Div for the
// broadcasting patterns that dominate small models: scalar op scalar,
// same shape, and a scalar on either side. They compute exactly what the
// generic rule loop of binary computes, without a function-value call and
// an index-map lookup per element (TestBinaryFastPaths compares them).

// binaryKind selects a specialised kernel; kGeneric has none.
type binaryKind uint8

const (
	kGeneric binaryKind = iota
	kAdd
	kSub
	kMul
	kDiv
)

// broadcast patterns with a specialised kernel.
type bcMode uint8

const (
	bcGeneral bcMode = iota
	bcScalar         // a, b and y have one element
	bcSame           // a, b and y have the same number of elements, no index maps
	bcAScalar        // a has one element, b is y's shape
	bcBScalar        // b has one element, a is y's shape
	bcRowA           // a (several elements) repeats along b's leading axes; b is y's shape
	bcRowB           // b (several elements) repeats along a's leading axes; a is y's shape
)

func broadcastMode(bc broadcast, a, b *Var) bcMode {
	n := numel(bc.shape)
	switch {
	case n == 1 && len(a.Value) == 1 && len(b.Value) == 1:
		return bcScalar
	case bc.ia == nil && bc.ib == nil:
		return bcSame
	case len(a.Value) == 1 && bc.ib == nil:
		return bcAScalar
	case len(b.Value) == 1 && bc.ia == nil:
		return bcBScalar
	case bc.ia == nil && isRowMap(bc.ib, len(b.Value)):
		return bcRowB
	case bc.ib == nil && isRowMap(bc.ia, len(a.Value)):
		return bcRowA
	}
	return bcGeneral
}

// isRowMap reports whether the index map idx sends element i to i mod w
// (an operand of w elements repeated along the leading axes).
func isRowMap(idx []int32, w int) bool {
	if idx == nil || w < 2 || len(idx)%w != 0 {
		return false
	}
	for i, j := range idx {
		if int(j) != i%w {
			return false
		}
	}
	return true
}

// fastBinary returns the specialised forward and backward rules of y =
// a op b, or nils when there are none.
func fastBinary(k binaryKind, m bcMode, a, b, y *Var) (fwd, bwd func()) {
	if k == kGeneric || m == bcGeneral {
		return nil, nil
	}
	switch m {
	case bcScalar:
		return scalarBinary(k, a, b, y)
	case bcSame:
		return sameBinary(k, a, b, y)
	case bcAScalar:
		return aScalarBinary(k, a, b, y)
	case bcRowA:
		return rowBinary(k, a, b, y, false)
	case bcRowB:
		return rowBinary(k, a, b, y, true)
	}
	return bScalarBinary(k, a, b, y)
}

// scalarBinary captures pointers to the one element of each buffer (the
// buffers of a recorded Var never move: replays and views reuse them).
func scalarBinary(k binaryKind, a, b, y *Var) (fwd, bwd func()) {
	ap, bp, yp := &a.Value[0], &b.Value[0], &y.Value[0]
	var ga, gb, gy *float64
	if a.Grad != nil {
		ga = &a.Grad[0]
	}
	if b.Grad != nil {
		gb = &b.Grad[0]
	}
	if y.Grad != nil {
		gy = &y.Grad[0]
	}
	switch k {
	case kAdd:
		fwd = func() { *yp = *ap + *bp }
		bwd = func() {
			g := *gy
			if ga != nil {
				*ga += g
			}
			if gb != nil {
				*gb += g
			}
		}
	case kSub:
		fwd = func() { *yp = *ap - *bp }
		bwd = func() {
			g := *gy
			if ga != nil {
				*ga += g
			}
			if gb != nil {
				*gb -= g
			}
		}
	case kMul:
		fwd = func() { *yp = *ap * *bp }
		bwd = func() {
			g := *gy
			if g == 0 {
				return
			}
			if ga != nil {
				*ga += g * *bp
			}
			if gb != nil {
				*gb += g * *ap
			}
		}
	case kDiv:
		fwd = func() { *yp = *ap / *bp }
		bwd = func() {
			g := *gy
			if g == 0 {
				return
			}
			bv := *bp
			if ga != nil {
				*ga += g * (1 / bv)
			}
			if gb != nil {
				*gb += g * (-*yp / bv)
			}
		}
	}
	return fwd, bwd
}

func sameBinary(k binaryKind, a, b, y *Var) (fwd, bwd func()) {
	fwd = func() { sameFwd(k, a.Value, b.Value, y.Value) }
	bwd = func() {
		if a.Grad != nil {
			sameBwdA(k, y.Grad, b.Value, a.Grad)
		}
		if b.Grad != nil {
			sameBwdB(k, y.Grad, a.Value, b.Value, y.Value, b.Grad)
		}
	}
	return fwd, bwd
}

// rowBinary: one operand (the "row", of w elements) is broadcast along
// the leading axes of the other, which has y's shape: y[r, j] = a[r, j]
// op b[j] (rowIsB) or a[j] op b[r, j]. Each row is a same-shape kernel.
func rowBinary(k binaryKind, a, b, y *Var, rowIsB bool) (fwd, bwd func()) {
	w := len(b.Value)
	if !rowIsB {
		w = len(a.Value)
	}
	rows := len(y.Value) / w
	fwd = func() {
		av, bv, yv := a.Value, b.Value, y.Value
		for r := range rows {
			lo := r * w
			if rowIsB {
				sameFwd(k, av[lo:lo+w], bv, yv[lo:lo+w])
			} else {
				sameFwd(k, av, bv[lo:lo+w], yv[lo:lo+w])
			}
		}
	}
	bwd = func() {
		av, bv, yv, g, ga, gb := a.Value, b.Value, y.Value, y.Grad, a.Grad, b.Grad
		for r := range rows {
			lo, hi := r*w, r*w+w
			if rowIsB {
				if ga != nil {
					sameBwdA(k, g[lo:hi], bv, ga[lo:hi])
				}
				if gb != nil {
					sameBwdB(k, g[lo:hi], av[lo:hi], bv, yv[lo:hi], gb)
				}
				continue
			}
			if ga != nil {
				sameBwdA(k, g[lo:hi], bv[lo:hi], ga)
			}
			if gb != nil {
				sameBwdB(k, g[lo:hi], av, bv[lo:hi], yv[lo:hi], gb[lo:hi])
			}
		}
	}
	return fwd, bwd
}

// sameFwd sets y = a op b elementwise (equal lengths).
func sameFwd(k binaryKind, av, bv, yv []float64) {
	bv, yv = bv[:len(av)], yv[:len(av)]
	switch k {
	case kAdd:
		for i, x := range av {
			yv[i] = x + bv[i]
		}
	case kSub:
		for i, x := range av {
			yv[i] = x - bv[i]
		}
	case kMul:
		for i, x := range av {
			yv[i] = x * bv[i]
		}
	case kDiv:
		for i, x := range av {
			yv[i] = x / bv[i]
		}
	}
}

// sameBwdA accumulates ga += g·∂y/∂a elementwise (equal lengths); like
// the generic rule, Mul and Div skip zero adjoints.
func sameBwdA(k binaryKind, g, bv, ga []float64) {
	bv, ga = bv[:len(g)], ga[:len(g)]
	switch k {
	case kAdd, kSub:
		for i, gi := range g {
			ga[i] += gi
		}
	case kMul:
		for i, gi := range g {
			if gi != 0 {
				ga[i] += gi * bv[i]
			}
		}
	case kDiv:
		for i, gi := range g {
			if gi != 0 {
				ga[i] += gi * (1 / bv[i])
			}
		}
	}
}

// sameBwdB accumulates gb += g·∂y/∂b elementwise (equal lengths).
func sameBwdB(k binaryKind, g, av, bv, yv, gb []float64) {
	gb = gb[:len(g)]
	switch k {
	case kAdd:
		for i, gi := range g {
			gb[i] += gi
		}
	case kSub:
		for i, gi := range g {
			gb[i] -= gi
		}
	case kMul:
		av = av[:len(g)]
		for i, gi := range g {
			if gi != 0 {
				gb[i] += gi * av[i]
			}
		}
	case kDiv:
		bv, yv = bv[:len(g)], yv[:len(g)]
		for i, gi := range g {
			if gi != 0 {
				gb[i] += gi * (-yv[i] / bv[i])
			}
		}
	}
}

// aScalarBinary: y_i = a op b_i.
func aScalarBinary(k binaryKind, a, b, y *Var) (fwd, bwd func()) {
	switch k {
	case kAdd:
		fwd = func() {
			s, bv, yv := a.Value[0], b.Value, y.Value
			yv = yv[:len(bv)]
			for i, x := range bv {
				yv[i] = s + x
			}
		}
		bwd = func() {
			g := y.Grad
			if ga := a.Grad; ga != nil {
				sum := 0.0
				for _, gi := range g {
					sum += gi
				}
				ga[0] += sum
			}
			if gb := b.Grad; gb != nil {
				gb = gb[:len(g)]
				for i, gi := range g {
					gb[i] += gi
				}
			}
		}
	case kSub:
		fwd = func() {
			s, bv, yv := a.Value[0], b.Value, y.Value
			yv = yv[:len(bv)]
			for i, x := range bv {
				yv[i] = s - x
			}
		}
		bwd = func() {
			g := y.Grad
			if ga := a.Grad; ga != nil {
				sum := 0.0
				for _, gi := range g {
					sum += gi
				}
				ga[0] += sum
			}
			if gb := b.Grad; gb != nil {
				gb = gb[:len(g)]
				for i, gi := range g {
					gb[i] -= gi
				}
			}
		}
	case kMul:
		fwd = func() {
			s, bv, yv := a.Value[0], b.Value, y.Value
			yv = yv[:len(bv)]
			for i, x := range bv {
				yv[i] = s * x
			}
		}
		bwd = func() {
			g, s, bv := y.Grad, a.Value[0], b.Value
			bv = bv[:len(g)]
			if ga := a.Grad; ga != nil {
				sum := 0.0
				for i, gi := range g {
					if gi != 0 {
						sum += gi * bv[i]
					}
				}
				ga[0] += sum
			}
			if gb := b.Grad; gb != nil {
				gb = gb[:len(g)]
				for i, gi := range g {
					if gi != 0 {
						gb[i] += gi * s
					}
				}
			}
		}
	case kDiv:
		fwd = func() {
			s, bv, yv := a.Value[0], b.Value, y.Value
			yv = yv[:len(bv)]
			for i, x := range bv {
				yv[i] = s / x
			}
		}
		bwd = func() {
			g, bv, yv := y.Grad, b.Value, y.Value
			bv, yv = bv[:len(g)], yv[:len(g)]
			if ga := a.Grad; ga != nil {
				sum := 0.0
				for i, gi := range g {
					if gi != 0 {
						sum += gi * (1 / bv[i])
					}
				}
				ga[0] += sum
			}
			if gb := b.Grad; gb != nil {
				gb = gb[:len(g)]
				for i, gi := range g {
					if gi != 0 {
						gb[i] += gi * (-yv[i] / bv[i])
					}
				}
			}
		}
	}
	return fwd, bwd
}

// bScalarBinary: y_i = a_i op b.
func bScalarBinary(k binaryKind, a, b, y *Var) (fwd, bwd func()) {
	switch k {
	case kAdd:
		fwd = func() {
			av, s, yv := a.Value, b.Value[0], y.Value
			yv = yv[:len(av)]
			for i, x := range av {
				yv[i] = x + s
			}
		}
		bwd = func() {
			g := y.Grad
			if ga := a.Grad; ga != nil {
				ga = ga[:len(g)]
				for i, gi := range g {
					ga[i] += gi
				}
			}
			if gb := b.Grad; gb != nil {
				sum := 0.0
				for _, gi := range g {
					sum += gi
				}
				gb[0] += sum
			}
		}
	case kSub:
		fwd = func() {
			av, s, yv := a.Value, b.Value[0], y.Value
			yv = yv[:len(av)]
			for i, x := range av {
				yv[i] = x - s
			}
		}
		bwd = func() {
			g := y.Grad
			if ga := a.Grad; ga != nil {
				ga = ga[:len(g)]
				for i, gi := range g {
					ga[i] += gi
				}
			}
			if gb := b.Grad; gb != nil {
				sum := 0.0
				for _, gi := range g {
					sum += gi
				}
				gb[0] -= sum
			}
		}
	case kMul:
		fwd = func() {
			av, s, yv := a.Value, b.Value[0], y.Value
			yv = yv[:len(av)]
			for i, x := range av {
				yv[i] = x * s
			}
		}
		bwd = func() {
			g, av, s := y.Grad, a.Value, b.Value[0]
			av = av[:len(g)]
			if ga := a.Grad; ga != nil {
				ga = ga[:len(g)]
				for i, gi := range g {
					if gi != 0 {
						ga[i] += gi * s
					}
				}
			}
			if gb := b.Grad; gb != nil {
				sum := 0.0
				for i, gi := range g {
					if gi != 0 {
						sum += gi * av[i]
					}
				}
				gb[0] += sum
			}
		}
	case kDiv:
		fwd = func() {
			av, s, yv := a.Value, b.Value[0], y.Value
			yv = yv[:len(av)]
			for i, x := range av {
				yv[i] = x / s
			}
		}
		bwd = func() {
			g, s, yv := y.Grad, b.Value[0], y.Value
			yv = yv[:len(g)]
			inv := 1 / s
			if ga := a.Grad; ga != nil {
				ga = ga[:len(g)]
				for i, gi := range g {
					if gi != 0 {
						ga[i] += gi * inv
					}
				}
			}
			if gb := b.Grad; gb != nil {
				sum := 0.0
				for i, gi := range g {
					if gi != 0 {
						sum += gi * (-yv[i] / s)
					}
				}
				gb[0] += sum
			}
		}
	}
	return fwd, bwd
}
