package diag

import (
	"fmt"
	"math"
)

// CalibrationBin is one bin of a reliability diagram: the predictions
// whose confidence (probability of the predicted class) lies in [Lo, Hi)
// (the last bin includes 1).
type CalibrationBin struct {
	Lo, Hi float64
	// Count is the number of predictions in the bin.
	Count int
	// Confidence is their mean confidence and Accuracy the fraction of
	// them that are right (both NaN for an empty bin).
	Confidence, Accuracy float64
}

// Calibration measures how well a classifier's probabilities match its
// errors, from class probabilities and the true labels.
type Calibration struct {
	// Bins are the equal-width confidence bins over [0, 1].
	Bins []CalibrationBin
	// ECE is the expected calibration error Σ_b (n_b/N)·|acc_b - conf_b|
	// over the equal-width bins (Naeini et al. 2015; Guo et al. 2017).
	ECE float64
	// MCE is the maximum calibration error, max_b |acc_b - conf_b| over
	// the non-empty bins.
	MCE float64
	// NLL is the mean negative log probability of the true labels (+Inf
	// if some true label has probability 0).
	NLL float64
	// Brier is the mean over rows of Σ_k (p_k - 1{k = label})².
	Brier float64
	// Accuracy is the fraction of rows whose most probable class is the
	// label (ties go to the lowest class).
	Accuracy float64
	// N is the number of rows.
	N int
}

// Calibrate computes the calibration of class probabilities probs[i][k]
// (each row summing to 1 within 1e-6) against labels in 0..K-1, with bins
// equal-width confidence bins over [0, 1] (0 means 15, Guo et al.'s
// choice). The confidence of a row is its largest probability; a row with
// confidence c falls in bin ⌊c·bins⌋ (c = 1 in the last).
func Calibrate(probs [][]float64, labels []int, bins int) (*Calibration, error) {
	if bins == 0 {
		bins = 15
	}
	if bins < 0 {
		return nil, fmt.Errorf("diag: calibration with %d bins", bins)
	}
	n := len(probs)
	if n == 0 {
		return nil, fmt.Errorf("diag: calibration of no predictions")
	}
	if len(labels) != n {
		return nil, fmt.Errorf("diag: %d labels for %d predictions", len(labels), n)
	}
	k := len(probs[0])
	c := &Calibration{Bins: make([]CalibrationBin, bins), N: n}
	conf, acc := make([]float64, bins), make([]float64, bins)
	correct := 0
	for i, p := range probs {
		if len(p) != k || k < 2 {
			return nil, fmt.Errorf("diag: row %d has %d class probabilities, want %d (at least 2)", i, len(p), k)
		}
		s, best := 0.0, 0
		for j, v := range p {
			if !(v >= 0 && v <= 1) {
				return nil, fmt.Errorf("diag: probability %g of class %d in row %d is not in [0, 1]", v, j, i)
			}
			s += v
			if v > p[best] {
				best = j
			}
		}
		if math.Abs(s-1) > 1e-6 {
			return nil, fmt.Errorf("diag: the probabilities of row %d sum to %g, not 1", i, s)
		}
		l := labels[i]
		if l < 0 || l >= k {
			return nil, fmt.Errorf("diag: label %d of row %d is not a class in 0..%d", l, i, k-1)
		}
		b := min(int(p[best]*float64(bins)), bins-1)
		c.Bins[b].Count++
		conf[b] += p[best]
		if best == l {
			acc[b]++
			correct++
		}
		c.NLL -= math.Log(p[l])
		for j, v := range p {
			e := v
			if j == l {
				e = v - 1
			}
			c.Brier += e * e
		}
	}
	N := float64(n)
	c.NLL /= N
	c.Brier /= N
	c.Accuracy = float64(correct) / N
	for b := range c.Bins {
		bin := &c.Bins[b]
		bin.Lo, bin.Hi = float64(b)/float64(bins), float64(b+1)/float64(bins)
		if bin.Count == 0 {
			bin.Confidence, bin.Accuracy = math.NaN(), math.NaN()
			continue
		}
		m := float64(bin.Count)
		bin.Confidence, bin.Accuracy = conf[b]/m, acc[b]/m
		gap := math.Abs(bin.Accuracy - bin.Confidence)
		c.ECE += m / N * gap
		c.MCE = max(c.MCE, gap)
	}
	return c, nil
}
