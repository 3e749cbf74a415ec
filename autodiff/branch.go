package autodiff

// Branch evaluates pred on element i of v and records the outcome, so that
// code in a Func may branch on a value:
//
//	if t.Branch(x, 0, func(x0 float64) bool { return x0 > 0 }) { ... }
//
// On every replay of a compiled tape the predicate is evaluated again at
// the new value; when its outcome differs from the recorded one, the replay
// stops and the function is recorded again at the new point. Plain Go
// control flow on v.Value is not seen by a replay (see the package doc).
func (t *Tape) Branch(v *Var, i int, pred func(float64) bool) bool {
	t.check("Branch", v)
	if i < 0 || i >= len(v.Value) {
		opPanic("Branch", "index %d out of range for length %d", i, len(v.Value), v)
	}
	outcome := pred(v.Value[i])
	g := &Var{tape: t, Shape: []int{0}, op: "Branch"}
	g.fwd = func() {
		if pred(v.Value[i]) != outcome {
			t.stale = true
		}
	}
	t.push(g)
	return outcome
}
