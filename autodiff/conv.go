package autodiff

// Conv2D returns the 2-D cross-correlation of x [N, C, H, W] (NCHW) with
// filters w [F, C, KH, KW], plus the bias b [F] (b may be nil), with the
// given stride and zero padding on every side: y [N, F, OH, OW] with
// OH = (H + 2·pad − KH)/stride + 1 (likewise OW), as PyTorch's conv2d.
//
// It is computed per image by im2col and one matrix product
// y_n [F, OH·OW] = w [F, C·KH·KW] · col_n [C·KH·KW, OH·OW]. When a
// gradient is needed, the columns of every image are kept from the forward
// pass for the backward one (N·C·KH·KW·OH·OW values, allocated when the op
// is recorded); without one (inference) only one image's columns per
// group of images are held.
func Conv2D(x, w, b *Var, stride, pad int) *Var {
	ins := []*Var{x, w}
	if b != nil {
		ins = append(ins, b)
	}
	t := tapeOf("Conv2D", ins...)
	if len(x.Shape) != 4 || len(w.Shape) != 4 || x.Shape[1] != w.Shape[1] {
		opPanic("Conv2D", "need x [N,C,H,W] and w [F,C,KH,KW] with the same C", x, w)
	}
	if stride < 1 || pad < 0 {
		opPanic("Conv2D", "stride %d must be >= 1 and pad %d >= 0", stride, pad, x, w)
	}
	geo := convGeom{n: x.Shape[0], c: x.Shape[1], h: x.Shape[2], w: x.Shape[3],
		f: w.Shape[0], kh: w.Shape[2], kw: w.Shape[3], stride: stride, pad: pad}
	geo.oh = (geo.h+2*pad-geo.kh)/stride + 1
	geo.ow = (geo.w+2*pad-geo.kw)/stride + 1
	if geo.h+2*pad < geo.kh || geo.w+2*pad < geo.kw {
		opPanic("Conv2D", "kernel larger than the padded input", x, w)
	}
	if b != nil && (len(b.Shape) != 1 || b.Shape[0] != geo.f) {
		opPanic("Conv2D", "bias must have shape [%d]", geo.f, x, w, b)
	}
	K, P, F := geo.c*geo.kh*geo.kw, geo.oh*geo.ow, geo.f
	inImg, outImg := geo.c*geo.h*geo.w, F*P
	grad := anyGrad(ins...)
	y := t.newVar("Conv2D", []int{geo.n, F, geo.oh, geo.ow}, grad)
	// The images are processed in convGroups fixed groups, in parallel
	// over the worker pool; reductions over images (dw, db) are summed per
	// group and then over the groups in order, so that the result does not
	// depend on the number of workers.
	groups := min(convGroups, geo.n)
	imgs := func(gi int) (lo, hi int) { return gi * geo.n / groups, (gi + 1) * geo.n / groups }
	// With gradients the columns of every image are kept for the backward
	// pass. Without (inference, e.g. a Predictor) each group reuses one
	// image's columns, which stay in cache: a forward pass on 1,000 MNIST
	// digits would otherwise write (and read back) 370 MB of columns.
	var cols []float64
	if grad {
		cols = make([]float64, geo.n*K*P)
	} else {
		cols = make([]float64, groups*K*P)
	}
	storedCol := func(i int) []float64 { return cols[i*K*P : (i+1)*K*P] }
	fwdGroup := func(gi int) {
		lo, hi := imgs(gi)
		for i := lo; i < hi; i++ {
			col := cols[gi*K*P : (gi+1)*K*P]
			if grad {
				col = storedCol(i)
			}
			geo.im2col(col, x.Value[i*inImg:(i+1)*inImg])
			yi := y.Value[i*outImg : (i+1)*outImg]
			beta := 0.0
			if b != nil {
				fillRows(yi, b.Value, P)
				beta = 1
			}
			gemmSerial(false, false, F, P, K, 1, w.Value, col, beta, yi)
		}
	}
	y.fwd = func() { parallelFor(groups, fwdGroup) }
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	// Per-group scratch of the backward pass.
	var gDcol, gDw, gDb [][]float64
	for range groups {
		if x.Grad != nil {
			gDcol = append(gDcol, make([]float64, K*P))
		}
		if w.Grad != nil {
			gDw = append(gDw, make([]float64, F*K))
		}
		if b != nil && b.Grad != nil {
			gDb = append(gDb, make([]float64, F))
		}
	}
	bwdGroup := func(gi int) {
		lo, hi := imgs(gi)
		if gDw != nil {
			clear(gDw[gi])
		}
		if gDb != nil {
			clear(gDb[gi])
		}
		for i := lo; i < hi; i++ {
			gy := y.Grad[i*outImg : (i+1)*outImg]
			if gDw != nil { // dw += gy·colᵀ
				gemmSerial(false, true, F, K, P, 1, gy, storedCol(i), 1, gDw[gi])
			}
			if gDcol != nil { // dx += col2im(wᵀ·gy)
				gemmSerial(true, false, K, P, F, 1, w.Value, gy, 0, gDcol[gi])
				geo.col2im(x.Grad[i*inImg:(i+1)*inImg], gDcol[gi])
			}
			if gDb != nil {
				rowSums(gDb[gi], gy, P)
			}
		}
	}
	y.bwd = func() {
		parallelFor(groups, bwdGroup)
		for gi := range groups {
			if gDw != nil {
				addTo(w.Grad, gDw[gi])
			}
			if gDb != nil {
				addTo(b.Grad, gDb[gi])
			}
		}
	}
	var dcol []float64 // scratch for dL/dcol (only when x needs a gradient)
	if len(gDcol) > 0 {
		dcol = gDcol[0]
	}
	var tcol []float64 // im2col of ẋ, allocated on first second-order use
	// back accumulates into gx, gw, gb (any may be nil) the products with
	// the output adjoint g: dw += g·colᵀ, dx += col2im(wᵀ·g), db += Σ g.
	back := func(gx, gw, gb, g, wv []float64, colOf func(i int) []float64) {
		for i := range geo.n {
			gi := g[i*outImg : (i+1)*outImg]
			if gw != nil {
				gemm(false, true, F, K, P, 1, gi, colOf(i), 1, gw)
			}
			if gx != nil {
				gemm(true, false, K, P, F, 1, wv, gi, 0, dcol)
				geo.col2im(gx[i*inImg:(i+1)*inImg], dcol)
			}
			if gb != nil {
				rowSums(gb, gi, P)
			}
		}
	}
	tanCol := func(i int) []float64 {
		geo.im2col(tcol, x.Tan[i*inImg:(i+1)*inImg])
		return tcol
	}
	var bGradTan []float64
	y.jvp = func() { // ẏ = ẇ·col + w·im2col(ẋ) + ḃ
		if x.Grad != nil && tcol == nil {
			tcol = make([]float64, K*P)
		}
		for i := range geo.n {
			yt := y.Tan[i*outImg : (i+1)*outImg]
			clear(yt)
			if b != nil && b.Grad != nil {
				fillRows(yt, b.Tan, P)
			}
			if w.Grad != nil {
				gemm(false, false, F, P, K, 1, w.Tan, storedCol(i), 1, yt)
			}
			if x.Grad != nil {
				gemm(false, false, F, P, K, 1, w.Value, tanCol(i), 1, yt)
			}
		}
	}
	y.bwdTan = func() {
		if b != nil {
			bGradTan = b.GradTan
		}
		// The rule is bilinear in (w, col(x)) and linear in g:
		// d/dε [dw] = ġ·colᵀ + g·im2col(ẋ)ᵀ, d/dε [dx] = col2im(wᵀ·ġ + ẇᵀ·g).
		back(x.GradTan, w.GradTan, bGradTan, y.GradTan, w.Value, storedCol)
		if w.GradTan != nil && x.Grad != nil {
			back(nil, w.GradTan, nil, y.Grad, nil, tanCol)
		}
		if x.GradTan != nil && w.Grad != nil {
			back(x.GradTan, nil, nil, y.Grad, w.Tan, nil)
		}
	}
	return t.push(y)
}

// convGroups is the number of groups of images that Conv2D processes in
// parallel (a constant, so that results do not depend on the machine).
const convGroups = 8

// rowSums adds to dst[f] the sum of row f (length p) of g.
func rowSums(dst, g []float64, p int) {
	for f := range dst {
		s := 0.0
		for _, v := range g[f*p : (f+1)*p] {
			s += v
		}
		dst[f] += s
	}
}

// addTo sets dst += src.
func addTo(dst, src []float64) {
	for i, v := range src {
		dst[i] += v
	}
}

// fillRows sets each of the len(v) rows (length p) of dst to v[row].
func fillRows(dst, v []float64, p int) {
	for f, bv := range v {
		r := dst[f*p : (f+1)*p]
		for j := range r {
			r[j] = bv
		}
	}
}

// convGeom is the geometry of a convolution.
type convGeom struct {
	n, c, h, w, f, kh, kw, stride, pad, oh, ow int
}

// im2col writes the patches of one image x [C, H, W] into col
// [C·KH·KW, OH·OW]: col[(c·KH + i)·KW + j, oy·OW + ox] = x[c, oy·s + i − pad, ox·s + j − pad]
// (zero outside the image).
func (g *convGeom) im2col(col, x []float64) {
	P := g.oh * g.ow
	for c := range g.c {
		xc := x[c*g.h*g.w : (c+1)*g.h*g.w]
		for i := range g.kh {
			for j := range g.kw {
				row := col[((c*g.kh+i)*g.kw+j)*P : ((c*g.kh+i)*g.kw+j+1)*P]
				for oy := range g.oh {
					iy := oy*g.stride + i - g.pad
					dst := row[oy*g.ow : (oy+1)*g.ow]
					if iy < 0 || iy >= g.h {
						clear(dst)
						continue
					}
					xr := xc[iy*g.w : (iy+1)*g.w]
					if g.stride == 1 && g.pad == 0 {
						// A loop, not copy: the rows are short (8-24
						// values), and memmove calls took 8% of the CNN
						// benchmark's profile.
						for t, v := range xr[j : j+g.ow] {
							dst[t] = v
						}
						continue
					}
					for ox := range dst {
						ix := ox*g.stride + j - g.pad
						if ix < 0 || ix >= g.w {
							dst[ox] = 0
						} else {
							dst[ox] = xr[ix]
						}
					}
				}
			}
		}
	}
}

// col2im adds the columns col [C·KH·KW, OH·OW] back onto the image
// dx [C, H, W]: the adjoint of im2col.
func (g *convGeom) col2im(dx, col []float64) {
	P := g.oh * g.ow
	for c := range g.c {
		xc := dx[c*g.h*g.w : (c+1)*g.h*g.w]
		for i := range g.kh {
			for j := range g.kw {
				row := col[((c*g.kh+i)*g.kw+j)*P : ((c*g.kh+i)*g.kw+j+1)*P]
				for oy := range g.oh {
					iy := oy*g.stride + i - g.pad
					if iy < 0 || iy >= g.h {
						continue
					}
					src := row[oy*g.ow : (oy+1)*g.ow]
					xr := xc[iy*g.w : (iy+1)*g.w]
					if g.stride == 1 && g.pad == 0 {
						d := xr[j : j+g.ow]
						for ox, v := range src {
							d[ox] += v
						}
						continue
					}
					for ox, v := range src {
						if ix := ox*g.stride + j - g.pad; ix >= 0 && ix < g.w {
							xr[ix] += v
						}
					}
				}
			}
		}
	}
}
