package boston

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"math"
	"testing"

	"github.com/bayesnn-go/bayesnn/diag"
	"github.com/bayesnn-go/bayesnn/report"
	"github.com/bayesnn-go/bayesnn/samplers"
	"github.com/bayesnn-go/bayesnn/tutorials/tutorial"
)

// TestCountSwitches checks the hysteresis of the switch count on chains
// whose answer is known by construction.
func TestCountSwitches(t *testing.T) {
	for _, c := range []struct {
		name string
		s    []float64 // positions along the line through the modes
		want int
	}{
		{"one mode", []float64{2, 3, 2.5, 1.5}, 0},
		{"one crossing", []float64{-2, -1.5, 0, 2, 3}, 1},
		{"wandering about the saddle", []float64{-2, 0.5, -0.5, 0.9, -0.9, -2}, 0},
		{"back and forth", []float64{2, -2, 2, -2}, 3},
		{"starting at the saddle", []float64{0, 0.2, -3, 3}, 1},
	} {
		x := make([]float64, len(c.s))
		y := make([]float64, len(c.s))
		for i, s := range c.s {
			x[i], y[i] = s/math.Sqrt2, s/math.Sqrt2 // (x+y)/√2 = s
		}
		if got := CountSwitches(x, y); got != c.want {
			t.Errorf("%s: %d switches, want %d", c.name, got, c.want)
		}
	}
}

// TestTutorialCI runs the whole tutorial at CI size (about 40 s on two
// cores) and checks the acceptance: on the Keras test split the
// posterior predictive mean from NUTS has an MAE no larger than the MAP
// network's, NUTS switches between the modes of the bimodal example, and
// a resumed run skips warm-up and continues the first run's distribution.
func TestTutorialCI(t *testing.T) {
	env := &tutorial.Env{Ctx: context.Background(), Size: tutorial.CI, Seed: 1, Out: report.New(Tutorial.Title)}
	st := new(State)
	for i, s := range Tutorial.Sections {
		if err := s.Run(env, st); err != nil {
			t.Fatalf("section %d (%s): %v", i+1, s.Title, err)
		}
	}
	if err := env.Out.(*report.Report).Err(); err != nil {
		t.Errorf("report: %v", err)
	}
	// The notebook carries the state between cells with gob.
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(st); err != nil {
		t.Errorf("gob-encoding the state: %v", err)
	} else {
		t.Logf("state: %d gob bytes", buf.Len())
		if err := gob.NewDecoder(&buf).Decode(new(State)); err != nil {
			t.Errorf("gob-decoding the state: %v", err)
		}
	}

	// Bimodal: the chains must cross between the modes, and the share of
	// draws at each mode must agree with the exact 1/2 within 4 MCSE.
	total := 0
	for _, n := range st.BimodalSwitches {
		total += n
	}
	t.Logf("bimodal: switches %v, upper share %.3f ± %.3f", st.BimodalSwitches, st.BimodalUpper, st.BimodalUpperMCSE)
	if total == 0 {
		t.Errorf("bimodal: no chain switched modes in %d draws", st.BimodalDraws)
	}
	if z := math.Abs(st.BimodalUpper-0.5) / st.BimodalUpperMCSE; !(z < 4) {
		t.Errorf("bimodal: upper-mode share %.3f is %.1f MCSE from 0.5", st.BimodalUpper, z)
	}

	// Boston: HMC's test MAE must not exceed MAP's (the acceptance
	// criterion of the issue), in MEDV units.
	t.Logf("MAP: %+v", st.MAP)
	t.Logf("HMC: %+v (max R-hat %.3f, min ESS %.0f; predictions: max R-hat %.3f, min ESS %.0f; %.0f s)",
		st.HMC, st.MaxRHat, st.MinESS, st.PredMaxRHat, st.PredMinESS, st.NUTSSeconds)
	if !(st.HMC.MAE <= st.MAP.MAE) {
		t.Errorf("test MAE: HMC %.3f > MAP %.3f", st.HMC.MAE, st.MAP.MAE)
	}
	if st.Trace.Divergences() > 0 {
		t.Logf("NUTS: %d divergent transitions", st.Trace.Divergences())
	}

	// Resume: no warm-up stored or run, and the predictions of the
	// continuation agree with the first run's within 4 combined MCSE.
	t.Logf("resume: warm-up %d, %.0f s, max z %.2f, R-hat %.3f, MAE %.3f", st.ResumeWarmup, st.ResumeSeconds, st.ResumeZ, st.ResumeRHat, st.ResumeHMC.MAE)
	if st.ResumeWarmup != 0 {
		t.Errorf("resumed run kept %d warm-up draws", st.ResumeWarmup)
	}
	if !(st.ResumeZ < 4) {
		t.Errorf("resumed run: predicted means differ from the first run's by %.1f MCSE", st.ResumeZ)
	}
}

// TestDrawsLayout checks Draws and PredictionChains' indexing on a trace
// whose values encode their chain and draw.
func TestDrawsLayout(t *testing.T) {
	const chains, warm, draws, dim = 2, 3, 4, 2
	tr := &samplers.Trace{Chains: chains, Draws: warm + draws, Dim: dim, Warmup: warm}
	for c := range chains {
		for i := range warm + draws {
			tr.Samples = append(tr.Samples, float64(100*c+i), -1)
		}
	}
	got := Draws(tr, 2)
	want := []float64{3, 5, 103, 105} // post-warm-up draws 0 and 2 of each chain
	if len(got) != len(want) {
		t.Fatalf("%d draws, want %d", len(got), len(want))
	}
	for k, w := range want {
		if got[k][0] != w || got[k][1] != -1 {
			t.Errorf("draw %d = %v, want [%g -1]", k, got[k], w)
		}
	}
}

func TestConcat(t *testing.T) {
	a := &diag.Draws{Names: []string{"p"}, Values: [][][]float64{{{1, 2}, {3, 4}}}}
	b := &diag.Draws{Names: []string{"p"}, Values: [][][]float64{{{5}, {6}}}}
	c, err := Concat(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(c.Values) != "[[[1 2 5] [3 4 6]]]" {
		t.Errorf("Concat = %v", c.Values)
	}
	if _, err := Concat(a, &diag.Draws{Values: [][][]float64{{{5}}}}); err == nil {
		t.Error("Concat of 2 and 1 chains: no error")
	}
}
