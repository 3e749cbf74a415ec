package bayesnn

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/samplers"
)

// TraceDraws returns the post-warm-up draws of tr as one parameter vector
// each, chain after chain, keeping every thin-th draw (thin < 1 means 1):
// the input PredictRegression and PredictClasses take. The vectors are
// copies.
func TraceDraws(tr *samplers.Trace, thin int) [][]float64 {
	thin = max(thin, 1)
	var out [][]float64
	for c := range tr.Chains {
		for i := 0; i < tr.NumDraws(); i += thin {
			k := (c*tr.Draws + tr.Warmup + i) * tr.Dim
			out = append(out, append([]float64(nil), tr.Samples[k:k+tr.Dim]...))
		}
	}
	return out
}

// OutputChains evaluates the network m at each input row of x for every
// post-warm-up draw of tr and returns output column col as chains:
// out[row][chain][draw], the layout of diag.Draws.Values. Outputs are
// functions of the weights that do not change when hidden units are
// relabelled, so unlike the weights their R-hat and ESS say whether the
// predictions have converged.
func OutputChains(m *Sequential, tr *samplers.Trace, x [][]float64, col int) ([][][]float64, error) {
	if tr.Dim < m.NumParams() {
		return nil, fmt.Errorf("bayesnn: OutputChains: draws have %d values, the network %d", tr.Dim, m.NumParams())
	}
	pr, err := m.NewPredictor(x)
	if err != nil {
		return nil, err
	}
	w := pr.Width()
	if col < 0 || col >= w {
		return nil, fmt.Errorf("bayesnn: OutputChains: column %d of %d outputs", col, w)
	}
	nd := tr.NumDraws()
	out := make([][][]float64, len(x))
	for r := range out {
		out[r] = make([][]float64, tr.Chains)
		for c := range out[r] {
			out[r][c] = make([]float64, nd)
		}
	}
	buf := make([]float64, len(x)*w)
	for c := range tr.Chains {
		for i := range nd {
			k := (c*tr.Draws + tr.Warmup + i) * tr.Dim
			pr.Predict(buf, tr.Samples[k:k+tr.Dim])
			for r := range x {
				out[r][c][i] = buf[r*w+col]
			}
		}
	}
	return out, nil
}
