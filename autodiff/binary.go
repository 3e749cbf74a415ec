package autodiff

// binaryRule defines an elementwise binary op y = f(a, b) by its value and
// its first and second partial derivatives, each given a, b and y.
type binaryRule struct {
	name          string
	kind          binaryKind // a specialised kernel (binary_fast.go), or kGeneric
	f             func(a, b float64) float64
	da, db        func(a, b, y float64) float64
	daa, dab, dbb func(a, b, y float64) float64
}

// binary records an elementwise binary op with broadcasting.
func binary(r *binaryRule, a, b *Var) *Var {
	t := tapeOf(r.name, a, b)
	bc := newBroadcast(r.name, a, b)
	y := t.newVar(r.name, bc.shape, anyGrad(a, b))
	ia, ib := bc.ia, bc.ib
	fastFwd, fastBwd := fastBinary(r.kind, broadcastMode(bc, a, b), a, b, y)
	y.fwd = fastFwd
	if y.fwd == nil {
		y.fwd = func() {
			av, bv, yv := a.Value, b.Value, y.Value
			for i := range yv {
				yv[i] = r.f(av[at(ia, i)], bv[at(ib, i)])
			}
		}
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = fastBwd
	if y.bwd == nil {
		y.bwd = binaryBwd(r, a, b, y, ia, ib)
	}
	y.jvp = func() {
		av, bv, yv, yt := a.Value, b.Value, y.Value, y.Tan
		at1, bt := a.Tan, b.Tan
		for i := range yt {
			ja, jb := at(ia, i), at(ib, i)
			x1, x2 := av[ja], bv[jb]
			s := 0.0
			if at1[ja] != 0 {
				s += r.da(x1, x2, yv[i]) * at1[ja]
			}
			if bt[jb] != 0 {
				s += r.db(x1, x2, yv[i]) * bt[jb]
			}
			yt[i] = s
		}
	}
	y.bwdTan = func() {
		av, bv, yv, g, gt := a.Value, b.Value, y.Value, y.Grad, y.GradTan
		at1, bt := a.Tan, b.Tan
		gat, gbt := a.GradTan, b.GradTan
		for i := range g {
			ja, jb := at(ia, i), at(ib, i)
			x1, x2, yi := av[ja], bv[jb], yv[i]
			ta, tb := at1[ja], bt[jb]
			if gat != nil {
				gat[ja] += gt[i]*r.da(x1, x2, yi) + g[i]*(r.daa(x1, x2, yi)*ta+r.dab(x1, x2, yi)*tb)
			}
			if gbt != nil {
				gbt[jb] += gt[i]*r.db(x1, x2, yi) + g[i]*(r.dab(x1, x2, yi)*ta+r.dbb(x1, x2, yi)*tb)
			}
		}
	}
	return t.push(y)
}

// binaryBwd returns the generic backward rule of y = r(a, b).
func binaryBwd(r *binaryRule, a, b, y *Var, ia, ib []int32) func() {
	return func() {
		av, bv, yv, g := a.Value, b.Value, y.Value, y.Grad
		ga, gb := a.Grad, b.Grad
		for i, gi := range g {
			if gi == 0 {
				continue
			}
			x1, x2 := av[at(ia, i)], bv[at(ib, i)]
			if ga != nil {
				ga[at(ia, i)] += gi * r.da(x1, x2, yv[i])
			}
			if gb != nil {
				gb[at(ib, i)] += gi * r.db(x1, x2, yv[i])
			}
		}
	}
}

func zero3(_, _, _ float64) float64 { return 0 }
func one3(_, _, _ float64) float64  { return 1 }

var (
	addRule = &binaryRule{name: "Add", kind: kAdd,
		f:  func(a, b float64) float64 { return a + b },
		da: one3, db: one3, daa: zero3, dab: zero3, dbb: zero3}
	subRule = &binaryRule{name: "Sub", kind: kSub,
		f:  func(a, b float64) float64 { return a - b },
		da: one3, db: func(_, _, _ float64) float64 { return -1 }, daa: zero3, dab: zero3, dbb: zero3}
	mulRule = &binaryRule{name: "Mul", kind: kMul,
		f:   func(a, b float64) float64 { return a * b },
		da:  func(_, b, _ float64) float64 { return b },
		db:  func(a, _, _ float64) float64 { return a },
		daa: zero3, dab: one3, dbb: zero3}
	divRule = &binaryRule{name: "Div", kind: kDiv,
		f:   func(a, b float64) float64 { return a / b },
		da:  func(_, b, _ float64) float64 { return 1 / b },
		db:  func(_, b, y float64) float64 { return -y / b },
		daa: zero3,
		dab: func(_, b, _ float64) float64 { return -1 / (b * b) },
		dbb: func(_, b, y float64) float64 { return 2 * y / (b * b) }}
)

// Add returns a + b elementwise, with broadcasting.
func Add(a, b *Var) *Var { return binary(addRule, a, b) }

// Sub returns a - b elementwise, with broadcasting.
func Sub(a, b *Var) *Var { return binary(subRule, a, b) }

// Mul returns a * b elementwise, with broadcasting.
func Mul(a, b *Var) *Var { return binary(mulRule, a, b) }

// Div returns a / b elementwise, with broadcasting.
func Div(a, b *Var) *Var { return binary(divRule, a, b) }
