package boston

import (
	"context"
	"fmt"

	"github.com/bayesnn-go/bayesnn/datasets"
)

// Data is Boston housing on the Keras split, standardised with the
// training rows' means and standard deviations (inputs column by column,
// the target MEDV on its own). Exported for the gob-encoded State.
type Data struct {
	Names         []string
	XTrain, XTest [][]float64 // standardised inputs
	YTrain, YTest []float64   // standardised MEDV
	// RawYTest is the test MEDV in its original units ($1000).
	RawYTest []float64
	// XMean, XScale, YMean and YScale are the fitted transforms.
	XMean, XScale []float64
	YMean, YScale float64
}

// LoadData loads the Keras split (404 training and 102 test rows) and
// standardises it, fitting the transforms on the training rows only.
func LoadData() (*Data, error) {
	tt, err := datasets.LoadBoston(context.Background())
	if err != nil {
		return nil, fmt.Errorf("boston: %w", err)
	}
	var xs datasets.Standardizer
	if err := xs.Fit(tt.Train.X); err != nil {
		return nil, fmt.Errorf("boston: standardising the inputs: %w", err)
	}
	var ys datasets.ScalarStandardizer
	if err := ys.Fit(tt.Train.Y); err != nil {
		return nil, fmt.Errorf("boston: standardising MEDV: %w", err)
	}
	d := &Data{
		Names:    tt.Train.Names,
		XTrain:   xs.Transform(nil, tt.Train.X),
		XTest:    xs.Transform(nil, tt.Test.X),
		YTrain:   ys.Transform(nil, tt.Train.Y),
		YTest:    ys.Transform(nil, tt.Test.Y),
		RawYTest: append([]float64(nil), tt.Test.Y...),
		XMean:    xs.Mean, XScale: xs.Scale,
		YMean: ys.Mean, YScale: ys.Scale,
	}
	return d, nil
}

// ToMEDV maps standardised target values back to MEDV ($1000) in place
// and returns z.
func (d *Data) ToMEDV(z []float64) []float64 {
	for i := range z {
		z[i] = z[i]*d.YScale + d.YMean
	}
	return z
}
