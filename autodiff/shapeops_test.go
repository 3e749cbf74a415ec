package autodiff

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestTranspose(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 1))
	tp := NewTape()
	y := Transpose(tp.Const([]float64{1, 2, 3, 4, 5, 6}, 2, 3))
	if !sameShape(y.Shape, []int{3, 2}) || !slices.Equal(y.Value, []float64{1, 4, 2, 5, 3, 6}) {
		t.Errorf("Transpose = %v %v, want [3 2] [1 4 2 5 3 6]", y.Shape, y.Value)
	}
	for range 4 {
		m, n := 1+rng.IntN(4), 1+rng.IntN(4)
		// Transpose times a fixed matrix, so that position matters.
		c := randVec(rng, m*3, -1, 1)
		f := func(t *Tape, x *Var) *Var {
			return tsWeighted(t, MatMul(Transpose(Reshape(x, m, n)), t.Const(c, m, 3)))
		}
		checkFunc(t, "Transpose", f, randVec(rng, m*n, -1, 1), randVec(rng, m*n, -1, 1), true)
	}
}

func TestSlice(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 2))
	tp := NewTape()
	x := tp.Const([]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 2, 3, 2)
	y := Slice(x, 1, 1, 3)
	if !sameShape(y.Shape, []int{2, 2, 2}) || !slices.Equal(y.Value, []float64{2, 3, 4, 5, 8, 9, 10, 11}) {
		t.Errorf("Slice axis 1 [1,3) = %v %v", y.Shape, y.Value)
	}
	y = Slice(x, -1, 1, 2)
	if !sameShape(y.Shape, []int{2, 3, 1}) || !slices.Equal(y.Value, []float64{1, 3, 5, 7, 9, 11}) {
		t.Errorf("Slice axis -1 [1,2) = %v %v", y.Shape, y.Value)
	}
	for range 10 {
		s := randShape(rng)
		axis := rng.IntN(len(s))
		lo := rng.IntN(s[axis])
		hi := lo + 1 + rng.IntN(s[axis]-lo)
		f := func(t *Tape, x *Var) *Var { return tsWeighted(t, Slice(Reshape(x, s...), axis, lo, hi)) }
		n := numel(s)
		checkFunc(t, "Slice", f, randVec(rng, n, -1, 1), randVec(rng, n, -1, 1), true)
	}
	_, err := Grad(func(t *Tape, x *Var) *Var { return Sum(Slice(x, 0, 2, 5)) }, make([]float64, 3), []float64{1, 2, 3})
	if err == nil {
		t.Error("Slice out of bounds: no error")
	}
}

func TestConcat(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 3))
	tp := NewTape()
	a := tp.Const([]float64{1, 2, 3, 4}, 2, 2)
	b := tp.Const([]float64{5, 6}, 2, 1)
	y := Concat(1, a, b)
	if !sameShape(y.Shape, []int{2, 3}) || !slices.Equal(y.Value, []float64{1, 2, 5, 3, 4, 6}) {
		t.Errorf("Concat axis 1 = %v %v", y.Shape, y.Value)
	}
	y = Concat(0, a, Transpose(b))
	if !sameShape(y.Shape, []int{3, 2}) || !slices.Equal(y.Value, []float64{1, 2, 3, 4, 5, 6}) {
		t.Errorf("Concat axis 0 = %v %v", y.Shape, y.Value)
	}
	for trial := range 10 {
		s := randShape(rng)
		axis := rng.IntN(len(s))
		k := 1 + rng.IntN(3)
		shapes := make([][]int, k)
		total := 0
		for i := range shapes {
			shapes[i] = cloneShape(s)
			shapes[i][axis] = 1 + rng.IntN(3)
			total += numel(shapes[i])
		}
		withConst := trial%2 == 1 // one operand a constant: its gradient is skipped
		f := func(t *Tape, x *Var) *Var {
			xs := make([]*Var, k)
			off := 0
			for i, sh := range shapes {
				xs[i] = x.View(off, off+numel(sh), sh...)
				off += numel(sh)
			}
			if withConst {
				xs = append(xs, t.Const(randVec(rand.New(rand.NewPCG(1, 1)), numel(shapes[0]), -1, 1), shapes[0]...))
			}
			return tsWeighted(t, Concat(axis-len(s)*(trial%3/2), xs...))
		}
		checkFunc(t, "Concat", f, randVec(rng, total, -1, 1), randVec(rng, total, -1, 1), true)
	}
	_, err := Grad(func(t *Tape, x *Var) *Var {
		return Sum(Concat(0, Reshape(x.View(0, 4), 2, 2), Reshape(x.View(0, 3), 1, 3)))
	}, make([]float64, 4), []float64{1, 2, 3, 4})
	if err == nil {
		t.Error("Concat of [2 2] and [1 3] along 0: no error")
	}
}

func TestGather(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 4))
	tp := NewTape()
	x := tp.Const([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	y := Gather(x, 0, []int{2, 0, 2})
	if !sameShape(y.Shape, []int{3, 2}) || !slices.Equal(y.Value, []float64{5, 6, 1, 2, 5, 6}) {
		t.Errorf("Gather rows = %v %v", y.Shape, y.Value)
	}
	y = Gather(x, 1, []int{1})
	if !sameShape(y.Shape, []int{3, 1}) || !slices.Equal(y.Value, []float64{2, 4, 6}) {
		t.Errorf("Gather column = %v %v", y.Shape, y.Value)
	}
	// Duplicates accumulate: d/dx Σ gather(x, [0 0 1]) = [2 1 0].
	g := make([]float64, 3)
	if _, err := Grad(func(t *Tape, x *Var) *Var { return Sum(Gather(x, 0, []int{0, 0, 1})) }, g, []float64{1, 2, 3}); err != nil || !slices.Equal(g, []float64{2, 1, 0}) {
		t.Errorf("Gather duplicate gradient %v (err %v), want [2 1 0]", g, err)
	}
	for range 10 {
		s := randShape(rng)
		axis := rng.IntN(len(s))
		idx := make([]int, 1+rng.IntN(5))
		for i := range idx {
			idx[i] = rng.IntN(s[axis])
		}
		f := func(t *Tape, x *Var) *Var { return tsWeighted(t, Gather(Reshape(x, s...), axis, idx)) }
		n := numel(s)
		checkFunc(t, "Gather", f, randVec(rng, n, -1, 1), randVec(rng, n, -1, 1), true)
	}
	_, err := Grad(func(t *Tape, x *Var) *Var { return Sum(Gather(x, 0, []int{3})) }, g, []float64{1, 2, 3})
	if err == nil {
		t.Error("Gather index 3 of length 3: no error")
	}
}
