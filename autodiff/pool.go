package autodiff

// MaxPool2D returns the maximum of x [N, C, H, W] over k×k windows moved by
// stride (no padding): y [N, C, OH, OW] with OH = (H − k)/stride + 1. The
// position of each maximum is recomputed on every forward pass (the first
// one wins a tie; a NaN in a window is selected and propagates), and the
// gradient flows to it alone.
func MaxPool2D(x *Var, k, stride int) *Var {
	t := tapeOf("MaxPool2D", x)
	if len(x.Shape) != 4 {
		opPanic("MaxPool2D", "need x [N,C,H,W]", x)
	}
	if k < 1 || stride < 1 {
		opPanic("MaxPool2D", "window %d and stride %d must be >= 1", k, stride, x)
	}
	n, c, h, w := x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3]
	if h < k || w < k {
		opPanic("MaxPool2D", "window %d larger than the input", k, x)
	}
	oh, ow := (h-k)/stride+1, (w-k)/stride+1
	y := t.newVar("MaxPool2D", []int{n, c, oh, ow}, x.Grad != nil)
	arg := make([]int32, len(y.Value)) // flat index in x of each maximum
	// The planes are split in poolGroups groups run over the worker pool
	// (each output and its argmax depend on one plane only).
	planes := n * c
	poolGroups := min(8, planes)
	fast := func(gi int) {
		lo, hi := gi*planes/poolGroups, (gi+1)*planes/poolGroups
		maxPool2x2(y.Value[lo*oh*ow:hi*oh*ow], arg[lo*oh*ow:hi*oh*ow], x.Value, lo, hi, h, w, oh, ow)
	}
	if len(x.Value) > 1<<31-1 {
		opPanic("MaxPool2D", "input too large", x)
	}
	y.fwd = func() {
		xv, yv := x.Value, y.Value
		if k == 2 && stride == 2 {
			parallelFor(poolGroups, fast)
			return
		}
		o := 0
		for plane := range n * c {
			base := plane * h * w
			for oy := range oh {
				for ox := range ow {
					top := base + oy*stride*w + ox*stride
					best, bi := xv[top], top
					for i := range k {
						row := top + i*w
						for j, v := range xv[row : row+k] {
							if better(v, best) {
								best, bi = v, row+j
							}
						}
					}
					yv[o], arg[o] = best, int32(bi)
					o++
				}
			}
		}
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = func() {
		gx := x.Grad
		for o, g := range y.Grad {
			gx[arg[o]] += g
		}
	}
	y.jvp = func() {
		xt := x.Tan
		for o := range y.Tan {
			y.Tan[o] = xt[arg[o]]
		}
	}
	y.bwdTan = func() { // a selection: no second-order term
		gxt := x.GradTan
		for o, g := range y.GradTan {
			gxt[arg[o]] += g
		}
	}
	return t.push(y)
}

// better reports whether v replaces best as the maximum: strictly larger
// (the first maximum wins a tie), or the first NaN (v > NaN is false, so a
// NaN once taken stays).
func better(v, best float64) bool { return v > best || (v != v && best == best) }

// maxPool2x2 is MaxPool2D's forward pass for 2×2 windows with stride 2,
// for the planes [lo, hi) (yv and arg start at plane lo).
func maxPool2x2(yv []float64, arg []int32, xv []float64, lo, hi, h, w, oh, ow int) {
	o := 0
	for plane := lo; plane < hi; plane++ {
		base := plane * h * w
		for oy := range oh {
			r0 := base + 2*oy*w
			r1 := r0 + w
			top, bot := xv[r0:r0+2*ow], xv[r1:r1+2*ow]
			yr, ar := yv[o:o+ow], arg[o:o+ow]
			for ox := range yr {
				j := 2 * ox
				best, bi := top[j], r0+j
				if v := top[j+1]; better(v, best) {
					best, bi = v, r0+j+1
				}
				if v := bot[j]; better(v, best) {
					best, bi = v, r1+j
				}
				if v := bot[j+1]; better(v, best) {
					best, bi = v, r1+j+1
				}
				yr[ox], ar[ox] = best, int32(bi)
			}
			o += ow
		}
	}
}
