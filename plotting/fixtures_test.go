package plotting

import (
	"math"
	"math/rand/v2"

	"github.com/bayesnn-go/bayesnn/models"
)

// fakeStats is a StatSource backed by a map.
type fakeStats map[string][][]float64

func (s fakeStats) Stat(name string) [][]float64 { return s[name] }

// fakeRun returns nChains × nDraws draws of three parameters (an AR(1)
// chain "mu" around 1, a log-normal "tau" and a standard normal "z") with
// divergences at every draw index that is a multiple of divEvery in chain 0
// (none when divEvery is 0), and a Gaussian energy__ statistic.
func fakeRun(seed uint64, nChains, nDraws, divEvery int) (ChainSet, fakeStats) {
	rng := rand.New(rand.NewPCG(seed, 1))
	names := []string{"mu", "tau", "z"}
	draws := make([][][]float64, len(names))
	for j := range draws {
		draws[j] = make([][]float64, nChains)
		for c := range nChains {
			draws[j][c] = make([]float64, nDraws)
		}
	}
	div := make([][]float64, nChains)
	energy := make([][]float64, nChains)
	for c := range nChains {
		div[c] = make([]float64, nDraws)
		energy[c] = make([]float64, nDraws)
		ar := 0.0
		for i := range nDraws {
			ar = 0.7*ar + math.Sqrt(1-0.49)*rng.NormFloat64()
			draws[0][c][i] = 1 + ar
			draws[1][c][i] = math.Exp(0.5 * rng.NormFloat64())
			draws[2][c][i] = rng.NormFloat64()
			energy[c][i] = 3 + 1.5*rng.NormFloat64()
			if c == 0 && divEvery > 0 && i%divEvery == 0 {
				div[c][i] = 1
			}
		}
	}
	return ChainSet{Names: names, Draws: draws}, fakeStats{StatDivergent: div, StatEnergy: energy}
}

// funnelDraws returns exact draws of Neal's funnel (v ~ N(0, 3²),
// x | v ~ N(0, exp(v)), models.Funnel's) and flags draws with v < -4 as
// divergent, as a sampler stuck outside the neck would.
func funnelDraws(seed uint64, n int) (x, v []float64, div []bool) {
	x, v, div = make([]float64, n), make([]float64, n), make([]bool, n)
	for i, q := range (models.Funnel{D: 2}).Draws(n, seed) {
		v[i], x[i] = q[0], q[1]
		div[i] = v[i] < -4
	}
	return x, v, div
}

// bimodal is an equal mixture of two unit-variance Gaussians at (±2, 0).
func bimodal(x, y float64) float64 {
	a := math.Exp(-0.5 * ((x-2)*(x-2) + y*y))
	b := math.Exp(-0.5 * ((x+2)*(x+2) + y*y))
	return (a + b) / (4 * math.Pi)
}

// bimodalDraws returns exact draws of bimodal.
func bimodalDraws(seed uint64, n int) (x, y []float64) {
	rng := rand.New(rand.NewPCG(seed, 3))
	x, y = make([]float64, n), make([]float64, n)
	for i := range n {
		m := 2.0
		if rng.IntN(2) == 0 {
			m = -2
		}
		x[i] = m + rng.NormFloat64()
		y[i] = rng.NormFloat64()
	}
	return x, y
}

// fakeDigits returns n side×side images of a vertical bar at a position
// given by the label, with labels 0..9 cycling.
func fakeDigits(n, side int) ([][]float64, []int) {
	ims := make([][]float64, n)
	labels := make([]int, n)
	for k := range n {
		labels[k] = k % 10
		im := make([]float64, side*side)
		col := 4 + 2*labels[k]
		for r := 4; r < side-4; r++ {
			for c := col; c < col+3 && c < side; c++ {
				im[r*side+c] = 1
			}
		}
		ims[k] = im
	}
	return ims, labels
}

// normalPDF is the standard normal density shifted to mean m.
func normalPDF(m float64) func(float64) float64 {
	return func(x float64) float64 { return math.Exp(-0.5*(x-m)*(x-m)) / math.Sqrt(2*math.Pi) }
}

// allFigures builds one of every figure from the fixtures, keyed by a file
// name stem.
func allFigures() (map[string]*Figure, error) {
	run, stats := fakeRun(1, 4, 400, 37)
	figs := map[string]*Figure{}
	add := func(name string, f *Figure, err error) error {
		if err != nil {
			return err
		}
		figs[name] = f
		return nil
	}
	truth := map[string]float64{"mu": 1, "tau": 1, "z": 0}
	f, err := Trace(run, TraceOptions{Stats: stats, Truth: truth, Title: "Trace"})
	if err := add("trace", f, err); err != nil {
		return nil, err
	}
	f, err = Density(pooled(run.Draws[2]), DensityOptions{Truth: []float64{0}, Exact: normalPDF(0), KDE: true, Title: "z", XLabel: "z"})
	if err := add("density", f, err); err != nil {
		return nil, err
	}
	f, err = Marginals(run, MarginalsOptions{Truth: truth, Exact: map[string]func(float64) float64{"z": normalPDF(0), "mu": normalPDF(1)}})
	if err := add("marginals", f, err); err != nil {
		return nil, err
	}
	f, err = Pair(run, PairOptions{Stats: stats, Truth: truth, Title: "Pairs"})
	if err := add("pair", f, err); err != nil {
		return nil, err
	}
	f, err = Rank(run, RankOptions{Title: "Rank plots"})
	if err := add("rank", f, err); err != nil {
		return nil, err
	}
	f, err = Energy(stats[StatEnergy], EnergyOptions{BFMI: []float64{0.91, 1.02, 0.97, 0.88}})
	if err := add("energy", f, err); err != nil {
		return nil, err
	}
	rows, err := Intervals(run, 0.5, 0.94)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		rows[i].Rhat, rows[i].ESS = 1.001+0.003*float64(i), 800+100*float64(i)
	}
	f, err = Forest(rows, ForestOptions{Truth: truth, Title: "Forest", RefLine: true})
	if err := add("forest", f, err); err != nil {
		return nil, err
	}
	f, err = Autocorrelation(run, AutocorrOptions{Title: "Autocorrelation"})
	if err := add("autocorr", f, err); err != nil {
		return nil, err
	}
	b, dx, dy := fakeBand(30)
	f, err = PredictiveBand(b, dx, dy, PredictiveOptions{Truth: math.Sin, Title: "Posterior predictive", XLabel: "x", YLabel: "y"})
	if err := add("predictive", f, err); err != nil {
		return nil, err
	}
	f, err = Accuracy([]Series{
		{Name: "HMC", Y: []float64{0.5, 0.7, 0.8, 0.85, 0.87, 0.9}},
		{Name: "SGLD", Y: []float64{0.4, 0.6, 0.7, 0.78, 0.8, 0.82}},
	}, AccuracyOptions{Title: "Test accuracy", UnitY: true})
	if err := add("accuracy", f, err); err != nil {
		return nil, err
	}
	x, v, div := funnelDraws(4, 3000)
	f, err = Funnel(x, v, div, FunnelOptions{Title: "Neal's funnel", XMax: 20})
	if err := add("funnel", f, err); err != nil {
		return nil, err
	}
	bx, by := bimodalDraws(5, 2000)
	f, err = Contour(bimodal, bx, by, ContourOptions{Title: "Bimodal", XLabel: "x", YLabel: "y"})
	if err := add("contour", f, err); err != nil {
		return nil, err
	}
	ims, labels := fakeDigits(16, 28)
	pred := append([]int(nil), labels...)
	pred[3], pred[10] = 8, 1
	f, err = Digits(ims, pred, DigitsOptions{Truth: labels, Title: "Digits"})
	if err := add("digits", f, err); err != nil {
		return nil, err
	}
	cal, err := fakeCalibration(7, 500)
	if err != nil {
		return nil, err
	}
	f, err = Reliability(cal, ReliabilityOptions{})
	if err := add("reliability", f, err); err != nil {
		return nil, err
	}
	mx, my, ml := twoBlobs(8, 60)
	f, err = ClassMap(blobPanels(), mx, my, ml, ClassMapOptions{Title: "Two blobs", XLabel: "x1", YLabel: "x2", Grid: 30})
	if err := add("classmap", f, err); err != nil {
		return nil, err
	}
	return figs, nil
}

// fakeBand returns a predictive band around sin on [0, 2π] with n inputs,
// in reverse order to check sorting, and n noisy observations.
func fakeBand(n int) (Band, []float64, []float64) {
	rng := rand.New(rand.NewPCG(6, 4))
	var b Band
	var dx, dy []float64
	for i := range n {
		x := 2 * math.Pi * float64(n-1-i) / float64(n-1)
		m := math.Sin(x)
		e := 0.1 + 0.05*x
		b.X = append(b.X, x)
		b.Mean = append(b.Mean, m)
		b.EpistemicLo = append(b.EpistemicLo, m-e)
		b.EpistemicHi = append(b.EpistemicHi, m+e)
		b.TotalLo = append(b.TotalLo, m-e-0.3)
		b.TotalHi = append(b.TotalHi, m+e+0.3)
		dx = append(dx, x)
		dy = append(dy, m+0.3*rng.NormFloat64())
	}
	return b, dx, dy
}
