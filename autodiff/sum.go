package autodiff

// Sum returns the sum of all elements of x as a scalar.
func Sum(x *Var) *Var {
	t := tapeOf("Sum", x)
	y := t.newVar("Sum", []int{1}, x.Grad != nil)
	y.fwd = func() {
		s := 0.0
		for _, v := range x.Value {
			s += v
		}
		y.Value[0] = s
	}
	y.fwd()
	if y.Grad == nil {
		return t.push(y)
	}
	y.bwd = func() {
		g := y.Grad[0]
		for i := range x.Grad {
			x.Grad[i] += g
		}
	}
	y.jvp = func() {
		s := 0.0
		for _, v := range x.Tan {
			s += v
		}
		y.Tan[0] = s
	}
	y.bwdTan = func() {
		g := y.GradTan[0]
		for i := range x.GradTan {
			x.GradTan[i] += g
		}
	}
	return t.push(y)
}
