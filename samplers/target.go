package samplers

import "github.com/bayesnn-go/bayesnn/density"

// logProb evaluates t at x for a kernel through density.LogProb, which
// applies Target's rule (+Inf becomes NaN), so that a kernel needs to handle
// NaN and -Inf only. Every kernel evaluates its target through it.
func logProb(t density.Target, grad, x []float64) float64 { return density.LogProb(t, grad, x) }
