package samplers

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/bayesnn-go/bayesnn/autodiff"
)

// normalMean is a tape model: y ~ Normal(mu, 1) with a flat prior on mu.
func normalMean(y []float64) autodiff.Func {
	return func(t *autodiff.Tape, x *autodiff.Var) *autodiff.Var {
		return autodiff.NormalLogPdf(t.Const(y), x, t.Scalar(1))
	}
}

// TestNaNDataIsNamed (issue 21, item 9): NaN in a tape model's data is an
// error naming the data, at once, for every kernel that searches for a
// starting point; on main it was "no initial point with finite log
// density" after 100 draws.
func TestNaNDataIsNamed(t *testing.T) {
	y := []float64{0.1, -0.3, 0.7, math.NaN(), 1.2, math.NaN()}
	tg, err := autodiff.NewTarget(normalMean(y), []float64{0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []Kernel{NUTS{}, HMC{}, RWM{}} {
		_, err := Sample(context.Background(), tg, Options{Kernel: k, Chains: 2, Warmup: 10, Draws: 10, Seed: 1})
		if err == nil {
			t.Fatalf("%T: no error for NaN data", k)
		}
		msg := err.Error()
		for _, w := range []string{"data holds NaN", "constant 1 of the tape (shape [6])", "2 such value(s)", "element 3"} {
			if !strings.Contains(msg, w) {
				t.Errorf("%T: error %q does not mention %q", k, msg, w)
			}
		}
		if strings.Contains(msg, "no initial point") {
			t.Errorf("%T: error %q blames the starting point", k, msg)
		}
	}
}

// TestInfDataIsNamed: an infinity in the data gives -Inf everywhere; the
// error says which data holds it.
func TestInfDataIsNamed(t *testing.T) {
	tg, err := autodiff.NewTarget(normalMean([]float64{0.1, math.Inf(1)}), []float64{0}, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Sample(context.Background(), tg, Options{Chains: 1, Warmup: 10, Draws: 10, Seed: 1})
	if err == nil || !strings.Contains(err.Error(), "data holds +Inf") || !strings.Contains(err.Error(), "element 1") {
		t.Fatalf("err = %v, want one naming the +Inf data", err)
	}
}

// nanEverywhere is a target with no data to inspect that is NaN at every
// point.
type nanEverywhere struct{}

func (nanEverywhere) Dim() int                          { return 2 }
func (nanEverywhere) LogProb(grad, x []float64) float64 { return math.NaN() }

// TestNaNEverywhereSuggestsData: a target that cannot name its data but is
// NaN at every point tried is told to check its data for NaN.
func TestNaNEverywhereSuggestsData(t *testing.T) {
	_, err := Sample(context.Background(), nanEverywhere{}, Options{Chains: 1, Warmup: 10, Draws: 10, Seed: 1})
	if err == nil || !strings.Contains(err.Error(), "NaN at all 100 draws from uniform(-2, 2)") || !strings.Contains(err.Error(), "check the data for NaN") {
		t.Fatalf("err = %v, want one suggesting NaN in the data", err)
	}
}

// TestFiniteDataStillSearches: a log density that is -Inf at some starting
// points is not a data problem; the search goes on as before.
func TestFiniteDataStillSearches(t *testing.T) {
	f := func(tp *autodiff.Tape, x *autodiff.Var) *autodiff.Var {
		// log x + data term: -Inf (NaN gradient) for x <= 0.
		return autodiff.Add(autodiff.Sum(autodiff.Log(x)), autodiff.NormalLogPdf(tp.Const([]float64{1, 2}), x, tp.Scalar(1)))
	}
	tg, err := autodiff.NewTarget(f, []float64{1}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Sample(context.Background(), tg, Options{Chains: 2, Warmup: 20, Draws: 20, Seed: 3}); err != nil {
		t.Fatal(err)
	}
}
