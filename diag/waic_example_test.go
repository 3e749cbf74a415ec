package diag_test

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/diag"
)

// A WAICResult prints as R's print of a loo::waic object. Here 2 chains ×
// 2 draws of 2 observations, small enough to check by hand: observation 1
// has log-likelihood -1 in every draw (lpd -1, p_waic 0); observation 2
// alternates 0 and -2 (lpd = log((1 + e⁻²)/2) = -0.566, p_waic = the
// sample variance 4/3), so elpd_waic = -1 + (-0.566 - 1.333) = -2.90, with
// SE √(2·Var(-1, -1.900)) = 0.90, and the second p_waic above 0.4 draws the
// warning.
func ExampleWAICResult_String() {
	ll := [][][]float64{ // [chain][draw][observation]
		{{-1, 0}, {-1, -2}},
		{{-1, 0}, {-1, -2}},
	}
	w, err := diag.WAIC(ll)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(w)
	// Output:
	// Computed from 4 by 2 log-likelihood matrix
	//
	//           Estimate     SE
	// elpd_waic     -2.9    0.9
	// p_waic         1.3    1.3
	// waic           5.8    1.8
	// Warning: 1 of 2 p_waic above 0.4 (observation 2): WAIC is unreliable there; use LOO
}
