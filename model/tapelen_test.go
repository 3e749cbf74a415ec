package model_test

import (
	"testing"

	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/model"
)

// TestTapeNoLonger checks that the layer records no more tape nodes than
// the hand-written models in models/ (the work a replay does, free of the
// timing noise of a shared machine; the benchmarks time it).
func TestTapeNoLonger(t *testing.T) {
	for _, name := range []string{"eight_schools-eight_schools_noncentered", "kidiq-kidscore_interaction"} {
		hand, d := readPDB(t, name)
		layer := map[string]func() *model.Model{
			"eight_schools-eight_schools_noncentered": func() *model.Model { return eightSchools(d["y"], d["sigma"]) },
			"kidiq-kidscore_interaction":              func() *model.Model { return kidiq(d["kid_score"], d["mom_hs"], d["mom_iq"]) },
		}[name]()
		ch, err := ad.Compile(hand.LogDensity, make([]float64, hand.Dim), nil)
		if err != nil {
			t.Fatal(err)
		}
		cl, err := ad.Compile(layer.Func(), make([]float64, layer.Dim()), nil)
		if err != nil {
			t.Fatal(err)
		}
		if hl, ll := ch.Tape().Len(), cl.Tape().Len(); ll > hl {
			t.Errorf("%s: layer %d tape nodes, hand-written %d", name, ll, hl)
		}
	}
}
