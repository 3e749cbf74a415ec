package datasets_test

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/datasets"
)

// The coal-mining disaster counts: the rate before and after 1890.
func ExampleCoalDisasters() {
	years, counts := datasets.CoalDisasters()
	var before, after, nb, na float64
	for i, y := range years {
		if y <= 1890 {
			before += float64(counts[i])
			nb++
		} else {
			after += float64(counts[i])
			na++
		}
	}
	fmt.Printf("%d-%d: %.0f disasters; %.2f a year to 1890, %.2f after\n", years[0], years[len(years)-1], before+after, before/nb, after/na)
	// Output:
	// 1851-1962: 191 disasters; 3.12 a year to 1890, 0.92 after
}
