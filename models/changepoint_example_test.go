package models_test

import (
	"fmt"
	"log"

	"github.com/bayesnn-go/bayesnn/datasets"
	"github.com/bayesnn-go/bayesnn/models"
)

// The coal-mining disasters change point, exactly: the most probable first
// year of the lower rate and the posterior means of the two rates.
func ExamplePoissonChangePoint() {
	years, counts := datasets.CoalDisasters()
	m, err := models.NewPoissonChangePoint(counts, 2, 1)
	if err != nil {
		log.Fatal(err)
	}
	post := m.SwitchPosterior()
	best := 1
	for tau := range post {
		if post[tau] > post[best] {
			best = tau
		}
	}
	m1, _, m2, _ := m.RateMoments()
	fmt.Printf("switch in %d (p = %.3f); %.2f disasters a year before, %.2f after\n", years[best], post[best], m1, m2)
	// Output:
	// switch in 1892 (p = 0.238); 3.09 disasters a year before, 0.94 after
}
