package samplers

import (
	"errors"
	"fmt"
	"math"

	"github.com/bayesnn-go/bayesnn/autodiff"
)

// DataChecker is implemented by targets that can check their data for NaN
// and infinities (FromCompiled and FromFunc targets do, through
// autodiff.Tape.CheckData). When the log density at a starting point is
// not finite, the samplers ask, so that NaN in the data is reported as
// such rather than as a bad starting point.
type DataChecker interface {
	// CheckData returns an error naming data that holds NaN or an
	// infinity, or nil.
	CheckData() error
}

// errNaNDensity marks a log density that is NaN at the initial point.
var errNaNDensity = errors.New("NaN")

// explainNonFinite adds to err (a non-finite log density or gradient at
// an initial point of t) what t can say about it: a compiled function's
// recording error and data holding NaN or an infinity.
func explainNonFinite(t Target, err error) error {
	if e, ok := t.(interface{ Err() error }); ok && e.Err() != nil {
		// A compiled function that failed to record says why.
		err = fmt.Errorf("%w (last recording error: %w)", err, e.Err())
	}
	if d, ok := t.(DataChecker); ok {
		if derr := d.CheckData(); derr != nil {
			err = fmt.Errorf("%w (%w)", err, derr)
		}
	}
	return err
}

// nanData reports whether err carries data holding NaN: then every
// starting point fails alike and the search for one should stop.
func nanData(err error) bool {
	var de *autodiff.DataError
	return errors.As(err, &de) && math.IsNaN(de.Value)
}
