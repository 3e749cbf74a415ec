package autodiff

import (
	"fmt"
	"math"
)

// DataError reports data recorded on a tape (a Const or an Input) that
// holds NaN or an infinity, found by [Tape.CheckData]. A NaN in the data
// makes the function NaN at every parameter value, which a sampler would
// otherwise report as a bad starting point.
type DataError struct {
	Op    string  // "const" or "input"
	Index int     // 1-based position among the tape's data, in recording order
	Shape []int   // shape of that data
	Elem  int     // 0-based flat index of the first bad element
	Value float64 // NaN, +Inf or -Inf
	Bad   int     // how many elements of that data are NaN (or infinite, for an infinity)
}

// DataHoldsNaN reports whether the bad value is NaN: then every point of
// the parameter space fails alike, which a sampler looking for a starting
// point needs to know (it asks through this method, by errors.As).
func (e *DataError) DataHoldsNaN() bool { return math.IsNaN(e.Value) }

// Error names the bad value, which constant or input of the tape holds it
// (position, shape, how many such elements, the first one) and where to look.
func (e *DataError) Error() string {
	what := "constant"
	if e.Op == "input" {
		what = "input"
	}
	return fmt.Sprintf("autodiff: data holds %v: %s %d of the tape (shape %v) has %d such value(s), the first at element %d; check the data recorded with Tape.Const/Tape.Input",
		e.Value, what, e.Index, e.Shape, e.Bad, e.Elem)
}

// CheckData returns a *DataError for the first data (Const or Input, in
// recording order) holding NaN; failing that, for the first holding +Inf or
// -Inf; nil when all data is finite. An infinity can be meant (a bound);
// a NaN cannot. It scans every constant: call it when a value is not
// finite, not on a hot path.
func (t *Tape) CheckData() error {
	var inf *DataError
	k := 0
	for _, v := range t.nodes {
		if v.op != "const" && v.op != "input" {
			continue
		}
		k++
		var nan, infs int
		firstNaN, firstInf := -1, -1
		for i, x := range v.Value {
			switch {
			case math.IsNaN(x):
				if nan == 0 {
					firstNaN = i
				}
				nan++
			case math.IsInf(x, 0):
				if infs == 0 {
					firstInf = i
				}
				infs++
			}
		}
		if nan > 0 {
			return &DataError{Op: v.op, Index: k, Shape: cloneShape(v.Shape), Elem: firstNaN, Value: math.NaN(), Bad: nan}
		}
		if infs > 0 && inf == nil {
			inf = &DataError{Op: v.op, Index: k, Shape: cloneShape(v.Shape), Elem: firstInf, Value: v.Value[firstInf], Bad: infs}
		}
	}
	if inf != nil {
		return inf
	}
	return nil
}

// CheckData checks the data of the current recording (see [Tape.CheckData]);
// nil when nothing is recorded.
func (c *Compiled) CheckData() error {
	if c.tape == nil {
		return nil
	}
	return c.tape.CheckData()
}
