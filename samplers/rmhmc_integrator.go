package samplers

import "math"

// implicitStep takes one generalised leapfrog step (Girolami & Calderhead
// 2011, eqs. 16-18) from (q, p), whose geometry g has its derivatives:
//
//	p½ = p - ε/2 ∂H/∂q(q, p½)                 (fixed point in p½)
//	q' = q + ε/2 [G(q)⁻¹ + G(q')⁻¹] p½         (fixed point in q')
//	p' = p½ - ε/2 ∂H/∂q(q', p½)
//
// It overwrites q and p and returns the geometry at q', or false on a
// non-finite value, a failed metric or an unconverged fixed point.
func (k RMHMC) implicitStep(w *rmWork, g *rmGeom, q, p []float64, eps float64) (*rmGeom, bool) {
	half := eps / 2
	iters, tol := k.fpIters(), k.fpTol()
	ph, f := w.ph, w.f

	// Momentum half step: the fixed point of p½ ↦ p - ε/2 ∂H/∂q(q, p½).
	copy(ph, p)
	converged := false
	for range iters {
		g.dHdq(f, ph, w.v)
		moved := false
		for i := range ph {
			nv := p[i] - half*f[i]
			if !rmFinite(nv) {
				return g, false
			}
			if math.Abs(nv-ph[i]) > tol*(1+math.Abs(nv)) {
				moved = true
			}
			ph[i] = nv
		}
		if !moved {
			converged = true
			break
		}
	}
	if !converged {
		return g, false
	}

	// Position step: the fixed point of q' ↦ q + ε/2 (G(q)⁻¹ + G(q')⁻¹) p½.
	v0, qn := w.v2, w.prev
	g.velocity(v0, ph)
	for i := range qn {
		qn[i] = q[i] + eps*v0[i]
	}
	gt := w.spare(g)
	converged = false
	for range iters {
		if !w.cfg.eval(w.t, gt, qn, false) {
			return g, false
		}
		gt.velocity(w.v, ph)
		moved := false
		for i := range qn {
			nv := q[i] + half*(v0[i]+w.v[i])
			if !rmFinite(nv) {
				return g, false
			}
			if math.Abs(nv-qn[i]) > tol*(1+math.Abs(nv)) {
				moved = true
			}
			qn[i] = nv
		}
		if !moved {
			converged = true
			break
		}
	}
	if !converged || !w.cfg.eval(w.t, gt, qn, true) {
		return g, false
	}
	copy(q, qn)

	// Explicit momentum half step at q'.
	gt.dHdq(f, ph, w.v)
	for i := range p {
		p[i] = ph[i] - half*f[i]
		if !rmFinite(p[i]) {
			return gt, false
		}
	}
	return gt, true
}

// explicitStep takes one step of Tao's (2016) explicit integrator as Cobb
// et al. (2019) apply it to RMHMC, on the augmented state (w.q, w.p, w.x,
// w.y) whose q has geometry gq (with derivatives):
// φ_A(ε/2) φ_B(ε/2) φ_C(ε) φ_B(ε/2) φ_A(ε/2), where φ_A is the flow of
// H(q, y) (q and y fixed), φ_B that of H(x, p) (x and p fixed) and φ_C the
// exact rotation of the binding term ω·½(|q-x|² + |p-y|²). It returns the
// geometry at the new q, or false on a failure.
//
// By default φ_C is hamiltorch's update, each line reading the values the
// lines before it updated; with k.ExactBinding the rotation reads the
// values from before φ_C, the exact flow of the binding term (Tao 2016,
// eq. 3), which keeps the doubled step symplectic and time-reversible.
func (k RMHMC) explicitStep(w *rmWork, gq *rmGeom, eps float64) (*rmGeom, bool) {
	half := eps / 2
	q, p, x, y := w.q, w.p, w.x, w.y
	stepA := func(g *rmGeom) bool {
		g.dHdq(w.f, y, w.v) // w.v = G(q)⁻¹ y
		for i := range p {
			p[i] -= half * w.f[i]
			x[i] += half * w.v[i]
		}
		return rmAllFinite(p) && rmAllFinite(x)
	}
	stepB := func() bool {
		gx := w.spare(gq)
		if !w.cfg.eval(w.t, gx, x, true) {
			return false
		}
		gx.dHdq(w.f, p, w.v) // w.v = G(x)⁻¹ p
		for i := range q {
			q[i] += half * w.v[i]
			y[i] -= half * w.f[i]
		}
		return rmAllFinite(q) && rmAllFinite(y)
	}
	if !stepA(gq) || !stepB() {
		return gq, false
	}
	// φ_C(ε): (q-x, p-y) rotates by the angle 2ωε; q+x and p+y are fixed.
	c, s := math.Cos(2*k.binding()*eps), math.Sin(2*k.binding()*eps)
	if !k.ExactBinding {
		for i := range q {
			q[i] = 0.5 * ((q[i] + x[i]) + c*(q[i]-x[i]) + s*(p[i]-y[i]))
			p[i] = 0.5 * ((p[i] + y[i]) - s*(q[i]-x[i]) + c*(p[i]-y[i]))
			x[i] = 0.5 * ((q[i] + x[i]) - c*(q[i]-x[i]) - s*(p[i]-y[i]))
			y[i] = 0.5 * ((p[i] + y[i]) + s*(q[i]-x[i]) - c*(p[i]-y[i]))
		}
	}
	for i := range q {
		if !k.ExactBinding {
			break
		}
		sq, sp := q[i]+x[i], p[i]+y[i]
		dq, dp := q[i]-x[i], p[i]-y[i]
		rq, rp := c*dq+s*dp, -s*dq+c*dp
		q[i], x[i] = 0.5*(sq+rq), 0.5*(sq-rq)
		p[i], y[i] = 0.5*(sp+rp), 0.5*(sp-rp)
	}
	if !stepB() {
		return gq, false
	}
	gn := w.spare(gq)
	if !w.cfg.eval(w.t, gn, q, true) {
		return gq, false
	}
	if !stepA(gn) {
		return gn, false
	}
	return gn, true
}

// augmentedEnergy returns H(q, y) + H(x, p) + ω·½(|q-x|² + |p-y|²), the
// Hamiltonian of the explicit integrator's doubled phase space, with gq
// the geometry at w.q.
func (k RMHMC) augmentedEnergy(w *rmWork, gq *rmGeom) (float64, bool) {
	gx := w.spare(gq)
	if !w.cfg.eval(w.t, gx, w.x, false) {
		return math.Inf(1), false
	}
	var c float64
	for i := range w.q {
		dq, dp := w.q[i]-w.x[i], w.p[i]-w.y[i]
		c += dq*dq + dp*dp
	}
	e := gq.energy(w.y, w.v) + gx.energy(w.p, w.v) + 0.5*k.binding()*c
	if math.IsNaN(e) || math.IsInf(e, 0) {
		return math.Inf(1), false
	}
	return e, true
}
