package samplers

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// The ziggurat's draws against N(0, 1) on 10⁶ draws: moments within 4
// standard errors, the Kolmogorov-Smirnov distance below its 0.1% critical
// value, the tail beyond the ziggurat's base (drawn by a separate method)
// in its expected proportion and with the truncated normal's shape.
func TestNormalsDistribution(t *testing.T) {
	n := 1_000_000
	if testing.Short() {
		n = 200_000
	}
	x := make([]float64, n)
	rng := rand.New(rand.NewPCG(11, 12))
	normals(rng, x[:n-1]) // an odd length: the last single draw too
	normals(rng, x[n-1:])

	var m1, m2, m3, m4 float64
	for _, v := range x {
		v2 := v * v
		m1 += v
		m2 += v2
		m3 += v2 * v
		m4 += v2 * v2
	}
	fn := float64(n)
	m1, m2, m3, m4 = m1/fn, m2/fn, m3/fn, m4/fn
	// Standard errors of the raw moments of N(0, 1): sqrt(Var(X^k)/n).
	for _, c := range []struct {
		name      string
		got, want float64
		variance  float64
	}{
		{"mean", m1, 0, 1},
		{"E x²", m2, 1, 2},
		{"E x³", m3, 0, 15},
		{"E x⁴", m4, 3, 96},
	} {
		if se := math.Sqrt(c.variance / fn); math.Abs(c.got-c.want) > 4*se {
			t.Errorf("%s = %.5f, want %v ± %.5f (4 SE)", c.name, c.got, c.want, 4*se)
		}
	}

	slices.Sort(x)
	var d float64
	for i, v := range x {
		f := distuv.UnitNormal.CDF(v)
		d = math.Max(d, math.Max(float64(i+1)/fn-f, f-float64(i)/fn))
	}
	if crit := 1.95 / math.Sqrt(fn); d > crit {
		t.Errorf("Kolmogorov-Smirnov distance %.5f > %.5f (0.1%% level)", d, crit)
	}

	// The tail |x| > zigR: its count is Binomial(n, p), and |x| - zigR given
	// the tail has the truncated normal's distribution.
	var tail []float64
	for _, v := range x {
		if math.Abs(v) > zigR {
			tail = append(tail, math.Abs(v))
		}
	}
	p := 2 * distuv.UnitNormal.Survival(zigR)
	if sd := math.Sqrt(fn * p * (1 - p)); math.Abs(float64(len(tail))-fn*p) > 4*sd {
		t.Errorf("%d draws beyond %v, want %.0f ± %.0f (4 SD)", len(tail), zigR, fn*p, 4*sd)
	}
	slices.Sort(tail)
	d = 0
	nt := float64(len(tail))
	st := distuv.UnitNormal.Survival(zigR)
	for i, v := range tail {
		f := 1 - distuv.UnitNormal.Survival(v)/st
		d = math.Max(d, math.Max(float64(i+1)/nt-f, f-float64(i)/nt))
	}
	if crit := 1.95 / math.Sqrt(nt); d > crit {
		t.Errorf("tail Kolmogorov-Smirnov distance %.4f > %.4f (0.1%% level)", d, crit)
	}
	// Far tails, each side: Poisson counts within 4 SD (+1 for small means).
	for _, c := range []float64{3, 4} {
		var lo, hi int
		for _, v := range x {
			if v > c {
				hi++
			} else if v < -c {
				lo++
			}
		}
		want := fn * distuv.UnitNormal.Survival(c)
		for _, got := range []int{lo, hi} {
			if math.Abs(float64(got)-want) > 4*math.Sqrt(want)+1 {
				t.Errorf("%d draws beyond ±%v on one side, want %.1f", got, c, want)
			}
		}
	}
}

// The tail sampler alone, on 10⁵ draws: the truncated normal beyond zigR,
// by the Kolmogorov-Smirnov distance at the 0.1% level.
func TestZigguratTail(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	n := 100_000
	x := make([]float64, n)
	for i := range x {
		v, ok := zigSlow(rng, 0, 1)
		if !ok || v <= zigR {
			t.Fatalf("tail draw %v, %v", v, ok)
		}
		x[i] = v
	}
	slices.Sort(x)
	st := distuv.UnitNormal.Survival(zigR)
	var d float64
	fn := float64(n)
	for i, v := range x {
		f := 1 - distuv.UnitNormal.Survival(v)/st
		d = math.Max(d, math.Max(float64(i+1)/fn-f, f-float64(i)/fn))
	}
	if crit := 1.95 / math.Sqrt(fn); d > crit {
		t.Errorf("Kolmogorov-Smirnov distance %.5f > %.5f (0.1%% level)", d, crit)
	}
}

// The same seed gives the same draws.
func TestNormalsDeterministic(t *testing.T) {
	a, b := make([]float64, 1001), make([]float64, 1001)
	normals(rand.New(rand.NewPCG(5, 6)), a)
	normals(rand.New(rand.NewPCG(5, 6)), b)
	if !slices.Equal(a, b) {
		t.Error("the same seed gave different draws")
	}
}

// The tables: layers of equal area zigV whose edges decrease to 0 at the top.
func TestZigguratTables(t *testing.T) {
	if zigK[1] != 0 || zigF[0] != 1 {
		t.Fatalf("top layer: zigK[1] = %d, zigF[0] = %v", zigK[1], zigF[0])
	}
	for i := 1; i < 255; i++ {
		x, xNext := zigW[i]*zigM, zigW[i+1]*zigM
		if !(x < xNext) {
			t.Fatalf("layer edges not increasing at %d: %v, %v", i, x, xNext)
		}
		// Layer i+1 is the rectangle [0, x_{i+1}] × [f(x_{i+1}), f(x_i)].
		area := xNext * (zigF[i] - zigF[i+1])
		if math.Abs(area-zigV) > 1e-9 {
			t.Errorf("layer %d area %v, want %v", i+1, area, zigV)
		}
	}
	// The top layer [0, x_1] × [f(x_1), 1].
	if area := zigW[1] * zigM * (1 - zigF[1]); math.Abs(area-zigV) > 1e-9 {
		t.Errorf("top layer area %v, want %v", area, zigV)
	}
}
