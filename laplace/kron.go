package laplace

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"github.com/bayesnn-go/bayesnn/bayesnn"
)

// kron is a Kronecker-factored curvature A ⊗ G of a linear (Dense,
// identity) head with weights W [D, K] and bias b [K], laid out as the
// (D+1) × K matrix [W; b] row-major: A = Σ_i φ̃_i φ̃_iᵀ over the rows'
// features φ̃ = (φ, 1) and G = (1/N) Σ_i Λ_i the mean output curvature
// (Ritter, Botev and Barber 2018). Exact when Λ_i is the same on every
// row (a Gaussian likelihood). Held in eigenbases, A = U_A diag(α) U_Aᵀ
// and G = U_G diag(γ) U_Gᵀ, so the posterior precision A ⊗ G + δI has
// eigenvalues α_j γ_a + δ.
type kron struct {
	d1, k        int // rows (D, plus 1 with a bias) and outputs
	ua, ug       *mat.Dense
	alpha, gamma []float64
}

// newKron checks that head is one Dense layer with the identity
// activation and accumulates its factors over the features.
func (n *Net) newKron(head *bayesnn.Sequential, feats [][]float64) error {
	layers, _ := head.Layers()
	d, ok := layers[0].(bayesnn.Dense)
	if len(layers) != 1 || !ok || d.Act != bayesnn.Identity {
		return fmt.Errorf("laplace: the Kronecker-factored last layer needs a network ending in one Dense layer with the identity activation (logits); it ends in %d layers from a %s", len(layers), layers[0].Kind())
	}
	for j := 1; j < len(n.prior); j++ {
		if n.prior[j] != n.prior[0] {
			return fmt.Errorf("laplace: the Kronecker-factored last layer needs one prior precision for the last layer's weights and bias (they have %g and %g): set WeightSD = BiasSD", n.prior[0], n.prior[j])
		}
	}
	D, K := d.In, d.Out
	d1 := D
	if !d.NoBias {
		d1++
	}
	a := mat.NewSymDense(d1, nil)
	g := mat.NewSymDense(K, nil)
	lam, err := newOutputCurvature(n.Post, n.MAP)
	if err != nil {
		return err
	}
	data := n.Post.Data()
	th := n.MAP[n.Lo:n.Hi]
	const chunk = 256
	phi := mat.NewDense(min(chunk, len(feats)), d1, nil)
	for lo := 0; lo < len(feats); lo += chunk {
		hi := min(lo+chunk, len(feats))
		out, err := head.Predict(th, feats[lo:hi])
		if err != nil {
			return err
		}
		for i := lo; i < hi; i++ {
			row := phi.RawRowView(i - lo)
			copy(row, feats[i])
			if d1 > D {
				row[D] = 1
			}
			r, err := lam.sqrt(out[i-lo], data.Y[i])
			if err != nil {
				return fmt.Errorf("laplace: row %d: %w", i, err)
			}
			for x := range K {
				for y := x; y < K; y++ {
					s := 0.0
					for c := range K {
						s += r[c*K+x] * r[c*K+y]
					}
					g.SetSym(x, y, g.At(x, y)+s)
				}
			}
		}
		a.SymRankK(a, 1, phi.Slice(0, hi-lo, 0, d1).T())
	}
	scale := n.Post.LikelihoodScale()
	g.ScaleSym(scale/float64(len(feats)), g)
	n.kron = &kron{d1: d1, k: K}
	var ea, eg mat.EigenSym
	if !ea.Factorize(a, true) || !eg.Factorize(g, true) {
		return fmt.Errorf("laplace: eigen-decomposition of the Kronecker factors failed")
	}
	n.kron.alpha, n.kron.gamma = ea.Values(nil), eg.Values(nil)
	n.kron.ua, n.kron.ug = &mat.Dense{}, &mat.Dense{}
	ea.VectorsTo(n.kron.ua)
	eg.VectorsTo(n.kron.ug)
	for _, v := range [][]float64{n.kron.alpha, n.kron.gamma} {
		for i := range v {
			v[i] = max(v[i], 0) // rounding of positive semi-definite factors
		}
	}
	return nil
}

// eigen returns the curvature's eigenvalues α_j γ_a, (j, a) row-major.
func (k *kron) eigen() []float64 {
	out := make([]float64, 0, k.d1*k.k)
	for _, a := range k.alpha {
		for _, g := range k.gamma {
			out = append(out, a*g)
		}
	}
	return out
}

// diag returns the diagonal of A ⊗ G + δI (row-major (j, a)), or of its
// inverse when inverse is set.
func (k *kron) diag(delta float64, inverse bool) []float64 {
	out := make([]float64, k.d1*k.k)
	for j := range k.d1 {
		for a := range k.k {
			s := 0.0
			for m, am := range k.alpha {
				u := k.ua.At(j, m)
				for n, gn := range k.gamma {
					v := k.ug.At(a, n)
					e := am*gn + delta
					if inverse {
						e = 1 / e
					}
					s += u * u * v * v * e
				}
			}
			out[j*k.k+a] = s
		}
	}
	return out
}

// draw writes into dst (d1·K) a draw of N(0, (A ⊗ G + δI)⁻¹):
// U_A (Z ∘ S) U_Gᵀ with Z standard normal and S = 1/√(αγ + δ); it returns
// the draw's log density.
func (k *kron) draw(dst []float64, delta float64, rng *rand.Rand) float64 {
	z := mat.NewDense(k.d1, k.k, nil)
	lp := 0.0
	for m, am := range k.alpha {
		for n, gn := range k.gamma {
			e := am*gn + delta
			v := rng.NormFloat64()
			z.Set(m, n, v/math.Sqrt(e))
			lp += -0.5*v*v + 0.5*math.Log(e) - 0.5*log2Pi
		}
	}
	var t, r mat.Dense
	t.Mul(k.ua, z)
	r.Mul(&t, k.ug.T())
	copy(dst, r.RawMatrix().Data)
	return lp
}

// outputCov writes into c (K × K) the covariance of the linearised
// outputs at features φ̃: U_G diag(Σ_m c_m² / (α_m γ_a + δ)) U_Gᵀ with
// c = U_Aᵀφ̃.
func (k *kron) outputCov(c, phi []float64, delta float64) {
	w := make([]float64, k.k)
	for m, am := range k.alpha {
		cm := 0.0
		for j, f := range phi {
			cm += k.ua.At(j, m) * f
		}
		for n, gn := range k.gamma {
			w[n] += cm * cm / (am*gn + delta)
		}
	}
	for a := range k.k {
		for b := range k.k {
			s := 0.0
			for n := range k.k {
				s += k.ug.At(a, n) * w[n] * k.ug.At(b, n)
			}
			c[a*k.k+b] = s
		}
	}
}
