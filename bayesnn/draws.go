package bayesnn

import "github.com/bayesnn-go/bayesnn/samplers"

// Draws returns every thin-th post-warm-up draw of every chain of tr as a
// full parameter vector, chain by chain: the draws PredictRegression takes.
// thin below 1 is 1.
func Draws(tr *samplers.Trace, thin int) [][]float64 {
	thin = max(thin, 1)
	var out [][]float64
	for c := range tr.Chains {
		for d := 0; d < tr.NumDraws(); d += thin {
			i := (c*tr.Draws + tr.Warmup + d) * tr.Dim
			out = append(out, append([]float64(nil), tr.Samples[i:i+tr.Dim]...))
		}
	}
	return out
}
