package dist

import (
	"fmt"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// Distribution is a probability distribution whose parameters are
// constants or Vars on an autodiff tape.
//
// A draw has Shape(): the broadcast of the parameters' shapes (batch
// dimensions) followed, for a multivariate distribution, by its event
// dimensions (EventSize elements). A value x of any shape that the
// parameters broadcast into holds len(x)/EventSize() independent units.
type Distribution interface {
	// String names the distribution, e.g. "Normal".
	String() string
	// Shape returns the shape of one draw implied by the parameters.
	Shape() ([]int, error)
	// EventSize returns the number of elements of one unit (1 for a
	// univariate distribution, k for a k-vector, k·k for a k×k matrix).
	EventSize() int
	// Support returns where draws live.
	Support() (Constraint, error)
	// LogProb records on x's tape the log density of x summed over its
	// units, normalising constants included. x's shape must hold the
	// parameters' broadcast shape: parameters that would broadcast x to a
	// larger shape are an error naming both shapes.
	LogProb(x *ad.Var) (*ad.Var, error)
	// LogProbEach writes the log density of each unit of x (flat) into dst
	// (len(x)/EventSize values), at the parameters' current values (a Var
	// parameter's value after the last forward pass).
	LogProbEach(dst, x []float64) error
	// Rand fills dst with independent draws (len(dst)/EventSize units) at
	// the parameters' current values, using rng.
	Rand(rng *rand.Rand, dst []float64) error
}

// checkFits returns an error unless the parameters broadcast into x's
// shape without growing it.
func checkFits(name string, x *ad.Var, ps []param, event []int) error {
	shapes := [][]int{x.Shape}
	for i := range ps {
		s := ps[i].getShape()
		if event != nil && i == 0 {
			s = append(append([]int(nil), s...), event...)
		}
		shapes = append(shapes, s)
	}
	b, err := broadcastShapes(shapes...)
	if err != nil {
		return fmt.Errorf("dist: %s: parameter and value shapes %v do not broadcast", name, shapes)
	}
	if numel(b) != len(x.Value) {
		return fmt.Errorf("dist: %s: the parameters' shapes %v would broadcast the value of shape %v to %v; reshape one of them", name, shapes[1:], x.Shape, b)
	}
	return nil
}

// catchOp runs f and turns an *autodiff.OpError panic into an error.
func catchOp(f func() *ad.Var) (v *ad.Var, err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(*ad.OpError); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	return f(), nil
}
