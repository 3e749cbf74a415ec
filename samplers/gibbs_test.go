package samplers

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// normalGamma is the conjugate Normal-Gamma linear regression of the
// Gibbs-HMC tutorial: y = Xβ + ε, ε ~ N(0, 1/τ), β | τ ~ N(0, (τΛ₀)⁻¹) with
// Λ₀ = lambda0·I, τ ~ Gamma(alpha0, rate beta0). Parameters (β₀, β₁, τ).
type normalGamma struct {
	x, y                   []float64
	lambda0, alpha0, beta0 float64
}

func newNormalGamma() *normalGamma {
	// 20 points from y = 1 + 2x + N(0, 0.5²), x ~ U(-1, 1), seed (1, 1).
	rng := rand.New(rand.NewPCG(1, 1))
	m := &normalGamma{lambda0: 0.1, alpha0: 2, beta0: 1}
	for i := 0; i < 20; i++ {
		x := 2*rng.Float64() - 1
		m.x = append(m.x, x)
		m.y = append(m.y, 1+2*x+0.5*rng.NormFloat64())
	}
	return m
}

// rate returns β₀ + SSE/2 + βᵀΛ₀β/2 and the shape α₀ + N/2 + p/2 of τ | β.
func (m *normalGamma) conditional(b0, b1 float64) (shape, rate float64) {
	var sse float64
	for i, x := range m.x {
		r := m.y[i] - b0 - b1*x
		sse += r * r
	}
	return m.alpha0 + float64(len(m.x))/2 + 1, m.beta0 + sse/2 + m.lambda0*(b0*b0+b1*b1)/2
}

func (m *normalGamma) target() density.FuncTarget {
	return density.FuncTarget{N: 3, Names: []string{"beta0", "beta1", "tau"}, F: func(grad, p []float64) float64 {
		b0, b1, tau := p[0], p[1], p[2]
		if !(tau > 0) {
			return math.Inf(-1)
		}
		shape, rate := m.conditional(b0, b1)
		var g0, g1 float64
		for i, x := range m.x {
			r := m.y[i] - b0 - b1*x
			g0 += r
			g1 += r * x
		}
		grad[0] = tau * (g0 - m.lambda0*b0)
		grad[1] = tau * (g1 - m.lambda0*b1)
		grad[2] = (shape-1)/tau - rate
		return (shape-1)*math.Log(tau) - tau*rate
	}}
}

// exact returns the conjugate posterior: E[β] = m_N, Cov β = β_N/(α_N-1)·Λ_N⁻¹,
// E[τ] = α_N/β_N, Var τ = α_N/β_N².
func (m *normalGamma) exact() (meanB, varB []float64, meanTau, varTau float64) {
	lam := mat.NewSymDense(2, []float64{m.lambda0, 0, 0, m.lambda0})
	var xty [2]float64
	var yty float64
	for i, x := range m.x {
		lam.SetSym(0, 0, lam.At(0, 0)+1)
		lam.SetSym(0, 1, lam.At(0, 1)+x)
		lam.SetSym(1, 1, lam.At(1, 1)+x*x)
		xty[0] += m.y[i]
		xty[1] += m.y[i] * x
		yty += m.y[i] * m.y[i]
	}
	var inv mat.Dense
	if err := inv.Inverse(lam); err != nil {
		panic(err)
	}
	var mN mat.VecDense
	mN.MulVec(&inv, mat.NewVecDense(2, xty[:]))
	alphaN := m.alpha0 + float64(len(m.x))/2
	betaN := m.beta0 + 0.5*(yty-mat.Inner(&mN, lam, &mN))
	c := betaN / (alphaN - 1)
	return []float64{mN.AtVec(0), mN.AtVec(1)}, []float64{c * inv.At(0, 0), c * inv.At(1, 1)},
		alphaN / betaN, alphaN / (betaN * betaN)
}

func TestNormalGammaGradient(t *testing.T) {
	checkGradient(t, "normal-gamma", newNormalGamma().target(), []float64{0.8, 1.7, 3.1})
}

func TestGibbsNormalGamma(t *testing.T) {
	m := newNormalGamma()
	gibbs := Gibbs{
		Block: []int{2},
		Draw: func(rng *rand.Rand, x []float64) {
			shape, rate := m.conditional(x[0], x[1])
			x[2] = distuv.Gamma{Alpha: shape, Beta: rate, Src: rng}.Rand()
		},
		Inner: NUTS{StepSize: 1},
	}
	tr, err := Sample(context.Background(), m.target(), Options{
		Kernel: gibbs, Chains: 4, Warmup: 500, Draws: 1000, Seed: 5,
		InitialPoints: [][]float64{{0, 0, 1}},
	})
	if err != nil {
		t.Fatal(err)
	}
	meanB, varB, meanTau, varTau := m.exact()
	truthMean := []float64{meanB[0], meanB[1], meanTau}
	truthVar := []float64{varB[0], varB[1], varTau}
	// 6 checks at 4 MCSE: family-wise false alarm 6·6.3e-5 ≈ 0.04 %.
	for j := 0; j < 3; j++ {
		p := tr.Param(j)
		zm := zMean(p, truthMean[j])
		zv := zVar(p, truthMean[j], truthVar[j])
		t.Logf("%s: mean %.4f (exact %.4f, z %.2f), variance z %.2f", tr.Names[j], mean(flatten(p)), truthMean[j], zm, zv)
		if math.Abs(zm) > 4 || math.Abs(zv) > 4 {
			t.Errorf("%s: mean z = %.2f, variance z = %.2f", tr.Names[j], zm, zv)
		}
	}
	// The adapted metric covers the two regression coefficients only.
	if a := tr.Adapted[0]; a.Metric != Diag || len(a.InvMetric) != 2 {
		t.Errorf("adaptation %+v, want a 2-D diagonal metric", a)
	}
	// Resuming the Gibbs kernel with its adaptation and last draws.
	again, err := Sample(context.Background(), m.target(), Options{
		Kernel: gibbs, Chains: 4, Draws: 20, Seed: 6, Adapted: tr.Adapted, InitialPoints: tr.Last(),
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := again.Stats[0].StepSize, tr.Adapted[0].StepSize; got != want || again.Warmup != 0 {
		t.Errorf("resumed step size %v (want %v), warm-up rows %d (want 0)", got, want, again.Warmup)
	}
}

func TestGibbsErrors(t *testing.T) {
	tg := corrNormal(0.5)
	draw := func(*rand.Rand, []float64) {}
	for name, g := range map[string]Gibbs{
		"no inner":     {Block: []int{0}, Draw: draw},
		"no draw":      {Block: []int{0}, Inner: NUTS{StepSize: 1}},
		"out of range": {Block: []int{2}, Draw: draw, Inner: NUTS{StepSize: 1}},
		"repeated":     {Block: []int{0, 0}, Draw: draw, Inner: NUTS{StepSize: 1}},
		"everything":   {Block: []int{0, 1}, Draw: draw, Inner: NUTS{StepSize: 1}},
	} {
		if _, err := g.Init(tg, []float64{0, 0}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
