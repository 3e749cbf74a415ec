package samplers

import (
	"errors"
	"fmt"

	"github.com/bayesnn-go/bayesnn/density"
)

// errNaNDensity marks a log density that is NaN at the initial point.
var errNaNDensity = errors.New("NaN")

// explainNonFinite adds to err (a non-finite log density or gradient at
// an initial point of t) what t can say about it: a compiled function's
// recording error and data holding NaN or an infinity.
func explainNonFinite(t density.Target, err error) error {
	if e, ok := t.(interface{ Err() error }); ok && e.Err() != nil {
		// A compiled function that failed to record says why.
		err = fmt.Errorf("%w (last recording error: %w)", err, e.Err())
	}
	if d, ok := t.(density.DataChecker); ok {
		if derr := d.CheckData(); derr != nil {
			err = fmt.Errorf("%w (%w)", err, derr)
		}
	}
	return err
}

// nanData reports whether err carries data holding NaN: then every
// starting point fails alike and the search for one should stop.
func nanData(err error) bool {
	var de interface{ DataHoldsNaN() bool } // *autodiff.DataError
	return errors.As(err, &de) && de.DataHoldsNaN()
}
