package samplers

import (
	"math"

	"github.com/bayesnn-go/bayesnn/density"
)

// logProb evaluates t at x for a kernel, applying density.Target's rule:
// +Inf becomes NaN, so that a kernel needs to handle NaN and -Inf only.
// Every kernel evaluates its target through it.
func logProb(t density.Target, grad, x []float64) float64 {
	lp := t.LogProb(grad, x)
	if lp > math.MaxFloat64 {
		return math.NaN()
	}
	return lp
}
