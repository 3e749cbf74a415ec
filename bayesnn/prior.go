package bayesnn

import (
	"fmt"
	"math"
	"math/rand/v2"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
)

// Prior is a prior over the network's parameters.
type Prior interface {
	// LogPrior records the log prior of the network parameters theta
	// (a vector Var laid out as blocks).
	LogPrior(t *ad.Tape, theta *ad.Var, blocks []Block) *ad.Var
	// Check validates the prior against the blocks.
	Check(blocks []Block) error
}

// GaussianPrior puts independent zero-mean normals on all parameters.
//
// By default weights have standard deviation WeightSD and biases BiasSD
// (both default 1; the TFP tutorial's separate weight and bias priors).
// TauList, when set, gives one precision per parameter tensor in packing
// order, as hamiltorch's tau_list, and overrides the SDs.
type GaussianPrior struct {
	WeightSD, BiasSD float64
	TauList          []float64
}

// sd returns the prior standard deviation of block i.
func (p GaussianPrior) sd(i int, b Block) float64 {
	if p.TauList != nil {
		return 1 / math.Sqrt(p.TauList[i])
	}
	if b.Spec.Bias {
		if p.BiasSD == 0 {
			return 1
		}
		return p.BiasSD
	}
	if p.WeightSD == 0 {
		return 1
	}
	return p.WeightSD
}

// Check validates the prior's scales.
func (p GaussianPrior) Check(blocks []Block) error {
	if p.TauList != nil && len(p.TauList) != len(blocks) {
		return fmt.Errorf("bayesnn: TauList has %d precisions, the model has %d parameter tensors", len(p.TauList), len(blocks))
	}
	for i, b := range blocks {
		if s := p.sd(i, b); !(s > 0) || math.IsInf(s, 0) {
			return fmt.Errorf("bayesnn: prior scale of %s is %g, must be positive and finite", b.Name(), s)
		}
	}
	return nil
}

// LogPrior records Σ log N(θ | 0, sd²).
func (p GaussianPrior) LogPrior(t *ad.Tape, theta *ad.Var, blocks []Block) *ad.Var {
	var total *ad.Var
	for i, b := range blocks {
		s := p.sd(i, b)
		n := b.Spec.Size()
		v := theta.View(b.Offset, b.Offset+n)
		lp := ad.NormalLogPdf(v, t.Scalar(0), t.Scalar(s)) // one fused node
		if total == nil {
			total = lp
		} else {
			total = ad.Add(total, lp)
		}
	}
	return total
}

// Sample draws network parameters from the prior, scaled by overdispersion
// (1 for the prior itself; > 1 for dispersed initial points, for R-hat).
func (p GaussianPrior) Sample(rng *rand.Rand, blocks []Block, overdispersion float64, dst []float64) {
	for i, b := range blocks {
		s := p.sd(i, b) * overdispersion
		for j := range b.Spec.Size() {
			dst[b.Offset+j] = s * rng.NormFloat64()
		}
	}
}

// PriorFunc is a prior written by the user on the tape.
type PriorFunc func(t *ad.Tape, theta *ad.Var, blocks []Block) *ad.Var

// LogPrior calls f.
func (f PriorFunc) LogPrior(t *ad.Tape, theta *ad.Var, blocks []Block) *ad.Var {
	return f(t, theta, blocks)
}

// Check accepts any blocks.
func (f PriorFunc) Check([]Block) error {
	if f == nil {
		return fmt.Errorf("bayesnn: nil PriorFunc")
	}
	return nil
}
