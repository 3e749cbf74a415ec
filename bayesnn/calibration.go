package bayesnn

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/diag"
)

// Calibration returns the calibration of the averaged class probabilities
// against the labels (diag.Calibrate with bins equal-width confidence
// bins, 0 meaning 15): expected and maximum calibration error, the
// reliability diagram's bins, negative log-likelihood, Brier score and
// accuracy.
func (r *ClassPrediction) Calibration(labels []int, bins int) (*diag.Calibration, error) {
	if len(labels) != len(r.Probs) {
		return nil, fmt.Errorf("bayesnn: %d labels for %d predictions", len(labels), len(r.Probs))
	}
	return diag.Calibrate(r.Probs, labels, bins)
}
