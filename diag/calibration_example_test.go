package diag_test

import (
	"fmt"
	"log"

	"github.com/bayesnn-go/bayesnn/diag"
)

// Calibrate bins the predictions by confidence: an over-confident
// classifier's bins have accuracies below their confidences.
func ExampleCalibrate() {
	probs := [][]float64{{0.95, 0.05}, {0.9, 0.1}, {0.15, 0.85}, {0.92, 0.08}, {0.3, 0.7}, {0.6, 0.4}}
	labels := []int{0, 1, 1, 1, 1, 0}
	c, err := diag.Calibrate(probs, labels, 5)
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range c.Bins {
		if b.Count > 0 {
			fmt.Printf("[%.1f, %.1f): %d predictions, confidence %.3f, accuracy %.3f\n", b.Lo, b.Hi, b.Count, b.Confidence, b.Accuracy)
		}
	}
	fmt.Printf("ECE %.3f, NLL %.3f, accuracy %.3f\n", c.ECE, c.NLL, c.Accuracy)
	// Output:
	// [0.6, 0.8): 2 predictions, confidence 0.650, accuracy 1.000
	// [0.8, 1.0): 4 predictions, confidence 0.905, accuracy 0.500
	// ECE 0.387, NLL 0.985, accuracy 0.667
}
