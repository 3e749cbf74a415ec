package samplers

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/density"
)

// Gibbs composes an exact conditional draw for a block of coordinates with
// another kernel on the remaining ones: each transition first replaces
// x[Block] by a draw from p(x_Block | x_rest), then moves x_rest with Inner
// on the conditional density x_rest ↦ p(x_Block, x_rest). The Gibbs-HMC
// tutorial's noise precision τ ~ Gamma(α₀ + N/2, β₀ + SSE/2) is such a block.
//
// Inner must read the cached position, log density and gradient of its State
// at each Step, as every kernel of this package does: after the block draw
// they are recomputed for the new conditional. Tuning a Gibbs kernel tunes
// Inner, whose metric covers the non-block coordinates.
type Gibbs struct {
	// Block lists the coordinates drawn exactly.
	Block []int
	// Draw overwrites x[Block] with a draw from p(x_Block | x_rest); it must
	// leave the other coordinates alone, use only rng for randomness (for
	// reproducibility) and be safe for concurrent use: Sample calls it from
	// every chain's goroutine.
	Draw func(rng *rand.Rand, x []float64)
	// Inner is the kernel for the other coordinates.
	Inner Kernel
}

var (
	_ Adaptable      = Gibbs{}
	_ StepSizeProber = Gibbs{}
)

// gibbsWork is a Gibbs state's scratch.
type gibbsWork struct {
	inner *State
	cond  *conditional
}

// conditional is the target x_rest ↦ log p(x) with x_Block held in full.
type conditional struct {
	base     density.Target
	full     []float64 // the full point; rest coordinates overwritten per call
	fullGrad []float64
	rest     []int
}

func (c *conditional) Dim() int { return len(c.rest) }

func (c *conditional) LogProb(grad, x []float64) float64 {
	for i, j := range c.rest {
		c.full[j] = x[i]
	}
	lp := logProb(c.base, c.fullGrad, c.full)
	for i, j := range c.rest {
		grad[i] = c.fullGrad[j]
	}
	return lp
}

// Init validates the block and evaluates the target at x.
func (k Gibbs) Init(t density.Target, x []float64) (*State, error) {
	if k.Inner == nil || k.Draw == nil {
		return nil, errors.New("samplers: Gibbs needs an Inner kernel and a Draw function")
	}
	s, err := newState(t, x)
	if err != nil {
		return nil, err
	}
	n := len(x)
	inBlock := make([]bool, n)
	for _, j := range k.Block {
		if j < 0 || j >= n {
			return nil, fmt.Errorf("samplers: Gibbs block index %d out of range [0, %d)", j, n)
		}
		if inBlock[j] {
			return nil, fmt.Errorf("samplers: Gibbs block index %d repeated", j)
		}
		inBlock[j] = true
	}
	var rest []int
	for j, b := range inBlock {
		if !b {
			rest = append(rest, j)
		}
	}
	if len(k.Block) == 0 || len(rest) == 0 {
		return nil, fmt.Errorf("samplers: Gibbs block has %d of %d coordinates; both parts must be non-empty", len(k.Block), n)
	}
	cond := &conditional{base: t, full: append([]float64(nil), x...), fullGrad: make([]float64, n), rest: rest}
	xr := make([]float64, len(rest))
	for i, j := range rest {
		xr[i] = x[j]
	}
	inner, err := k.Inner.Init(cond, xr)
	if err != nil {
		return nil, err
	}
	s.work = &gibbsWork{inner: inner, cond: cond}
	return s, nil
}

// Step draws the block, then moves the rest with Inner.
func (k Gibbs) Step(rng *rand.Rand, s *State) DrawStats {
	w := s.work.(*gibbsWork)
	c, in := w.cond, w.inner
	copy(c.full, s.Position)
	k.Draw(rng, c.full)
	copy(s.Position, c.full) // the block's draw
	// The inner state's cache belongs to the old conditional: refresh it.
	in.LogDensity = c.LogProb(in.Grad, in.Position)
	info := k.Inner.Step(rng, in)
	for i, j := range c.rest {
		s.Position[j] = in.Position[i]
		s.Grad[j] = in.Grad[i]
	}
	s.LogDensity = in.LogDensity
	info.LogDensity = s.LogDensity
	return info
}

// Tuning returns Inner's tuning, or zeros if Inner is not Adaptable.
func (k Gibbs) Tuning() (float64, Metric) {
	if a, ok := k.Inner.(Adaptable); ok {
		return a.Tuning()
	}
	return 0, nil
}

// Tuned returns k with Inner tuned.
func (k Gibbs) Tuned(eps float64, m Metric) Adaptable {
	if a, ok := k.Inner.(Adaptable); ok {
		k.Inner = a.Tuned(eps, m)
	}
	return k
}

// MetricPosition returns the non-block coordinates.
func (k Gibbs) MetricPosition(s *State) []float64 {
	return s.work.(*gibbsWork).inner.Position
}

// ProbeStepSize delegates to Inner; NaN if Inner cannot probe.
func (k Gibbs) ProbeStepSize(rng *rand.Rand, s *State, eps float64) float64 {
	p, ok := k.Inner.(StepSizeProber)
	if !ok {
		return math.NaN()
	}
	return p.ProbeStepSize(rng, s.work.(*gibbsWork).inner, eps)
}
