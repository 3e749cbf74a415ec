package samplers

// Step-size adaptation of discontinuous HMC.
//
// The coordinate-wise integrator conserves the energy exactly, so on a purely
// discontinuous target every DHMC proposal is accepted and the Metropolis
// acceptance says nothing about the step size. What ε controls there is how
// often a coordinate-wise move q_j → q_j + ε·sign(p_j)/m_j is taken: the move
// fails, and p_j flips, when the rise ΔU of the potential exceeds the
// coordinate's kinetic energy |p_j|/m_j. Under the stationary distribution
// |p_j|/m_j is Exp(1) and independent of q, so the probability that a move
// is taken is E[min(1, exp(-ΔU))], a Metropolis-like acceptance probability
// (Nishimura, Dunson and Lu 2020, §4.3; the HMC/DHMC notes' eq. 28, whose
// left-hand side has the inequality reversed: it is the flip probability,
// one minus the right-hand side). Too large an ε makes nearly every move
// fail (the chain stands still, flipping); too small an ε makes each move
// cheap but tiny. The notes recommend tuning ε so that the statistic is in
// 0.7-0.9. Warm-up does this by Stan's dual averaging with, in place of the
// acceptance statistic, the transition's mean of min(1, exp(-ΔU)) over its
// coordinate-wise moves: the right-hand side of eq. 28, whose expectation
// is the frequency of moves taken. Counting the moves taken (1 - the flip
// frequency, which DHMC.Counts reports) estimates the same number, but with
// the extra noise of the draw of |p_j|; with it the step size dual
// averaging settles on in Stan's 50-iteration final window scatters about
// three times as much between chains (on the coal change point, ε 0.42 to
// 0.66, move rates 0.78 to 0.86, against ε 0.61 to 0.68, move rates 0.76
// to 0.80). A divergent transition counts as 0, so a step size that is too
// large for the continuous block is also pulled back.

// AdaptStatistic is implemented by an Adaptable kernel whose step size is
// tuned on a statistic other than the Metropolis acceptance. Warmup's dual
// averaging then aims AdaptStat (a number in [0, 1] that decreases as the
// step size grows) at its target instead of DrawStats.AcceptStat.
type AdaptStatistic interface {
	// AdaptStat returns the statistic of the transition that produced s
	// and info.
	AdaptStat(s *State, info DrawStats) float64
}

// DHMCMoveCounts are the counts of a DHMC state's coordinate-wise moves.
type DHMCMoveCounts struct {
	// Transitions is the number of DHMC transitions.
	Transitions int64
	// Moves is the number of coordinate-wise moves tried (one per
	// discontinuous coordinate per integrator step).
	Moves int64
	// Flips is the number of moves refused, where the momentum flipped.
	Flips int64
}

// FlipRate returns Flips/Moves, the momentum-flip frequency (NaN before
// any move).
func (c DHMCMoveCounts) FlipRate() float64 { return float64(c.Flips) / float64(c.Moves) }

// MoveRate returns 1 - FlipRate, the frequency of moves taken: the
// statistic step-size adaptation aims at the target acceptance.
func (c DHMCMoveCounts) MoveRate() float64 { return 1 - c.FlipRate() }

// Sub returns c - d: the counts between two readings.
func (c DHMCMoveCounts) Sub(d DHMCMoveCounts) DHMCMoveCounts {
	return DHMCMoveCounts{Transitions: c.Transitions - d.Transitions, Moves: c.Moves - d.Moves, Flips: c.Flips - d.Flips}
}

var (
	_ Adaptable      = DHMC{}
	_ AdaptStatistic = DHMC{}
)

// Counts returns the move counts of s, a state made by a DHMC kernel's
// Init, since Init.
func (DHMC) Counts(s *State) DHMCMoveCounts { return s.work.(*dhWork).counts }

// AdaptStat returns the mean of min(1, exp(-ΔU)) over the coordinate-wise
// moves of the last transition, the probability that each is taken given
// the position and the momentum's sign (0 if the transition diverged).
func (DHMC) AdaptStat(s *State, info DrawStats) float64 {
	w := s.work.(*dhWork)
	if info.Divergent {
		return 0
	}
	if w.moves == 0 {
		return info.AcceptStat
	}
	return w.moveProb / float64(w.moves)
}

// Tuning returns the step size and the metric of the continuous block.
func (k DHMC) Tuning() (float64, Metric) { return k.StepSize, k.Metric }

// Tuned returns k with the given step size and continuous-block metric; a
// metric of dimension 0 (a target with no continuous coordinate) is
// dropped.
func (k DHMC) Tuned(eps float64, m Metric) Adaptable {
	if m != nil && m.Dim() == 0 {
		m = nil
	}
	k.StepSize, k.Metric = eps, m
	return k
}

// MetricPosition returns the continuous coordinates of s, those the metric
// applies to.
func (DHMC) MetricPosition(s *State) []float64 {
	w := s.work.(*dhWork)
	x := make([]float64, len(w.cont))
	for i, j := range w.cont {
		x[i] = s.Position[j]
	}
	return x
}
