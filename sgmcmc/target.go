package sgmcmc

// Target is a log density log p(θ) + Σ_i log p(y_i | θ) over N data rows
// whose gradient can be estimated from a minibatch of rows.
type Target interface {
	// Dim returns the number of parameters.
	Dim() int
	// NumRows returns N, the number of data rows.
	NumRows() int
	// LogProbBatch writes into grad (len Dim) the gradient at x of the
	// minibatch estimate log p(x) + N/len(rows)·Σ_{i∈rows} log p(y_i | x)
	// and returns the estimate. rows are distinct indices in [0, N), and
	// the same number of them at every call of a run. NaN or ±Inf mean
	// the point is outside the support (Sample stops with an error).
	LogProbBatch(grad, x []float64, rows []int) float64
}

// Cloner is implemented by targets that are not safe for concurrent use:
// Sample gives each chain its own clone.
type Cloner interface {
	Clone() Target
}

// BatchSizer is implemented by targets recorded for one batch size
// (bayesnn.Minibatch): Options.BatchSize defaults to it and must equal it.
type BatchSizer interface {
	BatchSize() int
}

// FuncTarget adapts a closure to Target.
type FuncTarget struct {
	// N is the dimension, Rows the number of data rows.
	N, Rows int
	// F writes the gradient of the minibatch estimate at x into grad and
	// returns the estimate (see Target.LogProbBatch).
	F func(grad, x []float64, rows []int) float64
	// Names optionally names the N parameters.
	Names []string
}

var _ Target = FuncTarget{}

// Dim returns f.N.
func (f FuncTarget) Dim() int { return f.N }

// NumRows returns f.Rows.
func (f FuncTarget) NumRows() int { return f.Rows }

// LogProbBatch calls f.F.
func (f FuncTarget) LogProbBatch(grad, x []float64, rows []int) float64 { return f.F(grad, x, rows) }

// ParamNames returns f.Names (nil: Sample names them theta[i]).
func (f FuncTarget) ParamNames() []string { return f.Names }
