package bayesnn

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/sgmcmc"
)

// Minibatch is a network's log posterior estimated on minibatches of the
// data, for stochastic-gradient MCMC (package sgmcmc) and minibatch MAP:
// its LogProbBatch returns
//
//	log p(θ) + N/B · Σ_{i∈batch} log p(y_i | x_i, θ)
//
// (plus the likelihood's own prior, if any), the unbiased estimate of the
// log posterior over all N rows from a batch of B, and its gradient. The
// network is recorded once on B rows; each call copies the batch's rows
// into the recorded inputs and replays the tape, allocating nothing. Only
// B rows ever go through the network at once, so a data set too large for
// a full-batch Posterior (60,000 MNIST digits) fits.
//
// A Minibatch is not safe for concurrent use; Clone gives another
// goroutine its own (the data are shared, read-only).
type Minibatch struct {
	post   *Posterior // recorded on B rows, its inputs overwritten per batch
	x, y   []float64  // every row, flat
	n, bsz int
}

var (
	_ sgmcmc.Target     = (*Minibatch)(nil)
	_ sgmcmc.Cloner     = (*Minibatch)(nil)
	_ sgmcmc.BatchSizer = (*Minibatch)(nil)
)

// NewMinibatch returns the minibatch log posterior of model given data,
// likelihood and prior, for batches of batchSize rows.
func NewMinibatch(model *Sequential, data Data, lik Likelihood, prior Prior, batchSize int) (*Minibatch, error) {
	if model == nil || lik == nil || prior == nil {
		return nil, fmt.Errorf("bayesnn: NewMinibatch needs a model, a likelihood and a prior")
	}
	n := data.Len()
	if batchSize <= 0 || batchSize > n {
		return nil, fmt.Errorf("bayesnn: batch size %d, must be in [1, %d] (the number of data rows)", batchSize, n)
	}
	inW, outW := prod(model.InShape()), prod(model.OutShape())
	if err := lik.Check(outW, data.Y); err != nil {
		return nil, err
	}
	x, y, err := data.flatten(inW, lik.YWidth(outW))
	if err != nil {
		return nil, err
	}
	first := make([]int, batchSize)
	for i := range first {
		first[i] = i
	}
	post, err := LogPosterior(model, data, lik, prior, &PosteriorOptions{Rows: first, LikelihoodScale: float64(n) / float64(batchSize)})
	if err != nil {
		return nil, err
	}
	return &Minibatch{post: post, x: x, y: y, n: n, bsz: batchSize}, nil
}

// Dim returns the number of parameters (the network's, then the
// likelihood's).
func (m *Minibatch) Dim() int { return m.post.dim }

// NumRows returns N, the number of data rows.
func (m *Minibatch) NumRows() int { return m.n }

// BatchSize returns B, the rows per batch.
func (m *Minibatch) BatchSize() int { return m.bsz }

// ParamNames names the parameters as Posterior does.
func (m *Minibatch) ParamNames() []string { return m.post.names }

// Posterior returns the log posterior recorded on the current batch (its
// likelihood scaled by N/B), for example for the samplers' full kernels on
// one fixed batch.
func (m *Minibatch) Posterior() *Posterior { return m.post }

// LogProbBatch writes into grad the gradient at theta of the minibatch
// estimate of the log posterior over rows (BatchSize distinct indices in
// [0, NumRows)) and returns the estimate. It allocates nothing. A wrong
// number of rows or an index out of range is a programmer error (panic):
// sgmcmc.Sample always passes BatchSize rows.
func (m *Minibatch) LogProbBatch(grad, theta []float64, rows []int) float64 {
	if len(rows) != m.bsz {
		panic(fmt.Sprintf("bayesnn: minibatch of %d rows, recorded for %d", len(rows), m.bsz))
	}
	p := m.post
	for k, i := range rows {
		copy(p.x[k*p.inW:(k+1)*p.inW], m.x[i*p.inW:(i+1)*p.inW])
		copy(p.y[k*p.yW:(k+1)*p.yW], m.y[i*p.yW:(i+1)*p.yW])
	}
	return p.c.LogProb(grad, theta)
}

// Clone returns an independent copy for another goroutine: its own tape
// and batch buffers, the data shared.
func (m *Minibatch) Clone() sgmcmc.Target {
	q := *m
	p := *m.post
	p.x = append([]float64(nil), m.post.x...)
	p.y = append([]float64(nil), m.post.y...)
	p.scale = []float64{m.post.scale[0]}
	if err := p.compile(make([]float64, p.dim)); err != nil {
		panic("bayesnn: clone: " + err.Error()) // recorded once already: cannot happen
	}
	q.post = &p
	return &q
}
