package boston

import (
	"github.com/bayesnn-go/bayesnn/samplers"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

// State is carried from section to section (and from notebook cell to
// cell, gob-encoded): exported fields only. The test reads the numbers.
type State struct {
	// Bimodal example.
	BimodalSwitches         []int
	BimodalUpper            float64 // fraction of draws at the (2, 2) mode
	BimodalUpperMCSE        float64
	BimodalDraws            int // per chain
	Data                    *Data
	MAPTheta                []float64
	MAPBestStep             int
	Trace                   *samplers.Trace // the NUTS run (post-warm-up draws)
	NUTSSeconds             float64
	MaxRHat, MinESS         float64 // over all network parameters
	PredMaxRHat, PredMinESS float64 // over the predicted MEDV of the shown test houses
	MAP, HMC                Metrics
	// Resumed run.
	ResumeWarmup  int     // warm-up iterations the resumed run stored or ran (0)
	ResumeSeconds float64 // its wall time
	ResumeRHat    float64 // largest split R-hat of first run + continuation (predictions)
	// ResumeZ is the largest |mean(first) - mean(resumed)| / combined MCSE
	// over the shown test houses' predicted MEDV.
	ResumeZ   float64
	ResumeHMC Metrics
}

// Tutorial is the tutorial; its program is tutorials/cmd/boston and its
// notebook notebooks/04_boston_housing.ipynb.
var Tutorial = &tutorial.Tutorial{
	Name:     "04_boston_housing",
	Title:    "TFP-style Bayesian neural network on Boston housing",
	Intro:    intro,
	Package:  "github.com/bayesnn-go/bayesnn/tutorials/boston",
	Var:      "Tutorial",
	NewState: func() any { return new(State) },
	Sections: []tutorial.Section{
		{Title: "A bimodal density: NUTS with dual averaging", Prose: proseBimodal, Run: runBimodal},
		{Title: "Boston housing: the Keras split, standardised", Prose: proseData, Run: runData},
		{Title: "The network, its likelihood and its prior", Prose: proseModel, Run: runModel},
		{Title: "MAP with Adam: a starting point", Prose: proseMAP, Run: runMAP},
		{Title: "NUTS from the MAP state", Prose: proseNUTS, Run: runNUTS},
		{Title: "MAP against HMC on the test split", Prose: proseCompare, Run: runCompare},
		{Title: "Predictive intervals: aleatoric and epistemic", Prose: proseIntervals, Run: runIntervals},
		{Title: "Resuming a run from its saved state", Prose: proseResume, Run: runResume},
	},
}
