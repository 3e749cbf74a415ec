package datasets

import (
	"context"
	"fmt"
)

// ClassSplit is a classification data set split into training and
// held-out rows: one input row per example and integer class labels.
type ClassSplit struct {
	TrainX, TestX [][]float64
	TrainY, TestY []int
}

// Rows2D returns the images one row of Size() values each, scaled by s
// (the rows alias one flat slice).
func (m *MNIST) Rows2D(s PixelScaling) [][]float64 {
	flat := m.Floats(nil, s)
	w := m.Size()
	out := make([][]float64, m.Len())
	for i := range out {
		out[i] = flat[i*w : (i+1)*w : (i+1)*w]
	}
	return out
}

// LoadMNISTSplit returns hamiltorch's split of the MNIST training set: its
// first nTrain digits for training and the nTest digits right after them
// as held-out digits (train[nTrain : nTrain+nTest]), pixels scaled to
// [0, 1] as torchvision's ToTensor does. ctx bounds a download, as for
// LoadMNIST.
func LoadMNISTSplit(ctx context.Context, nTrain, nTest int) (*ClassSplit, error) {
	if nTrain < 1 || nTest < 1 {
		return nil, fmt.Errorf("datasets: MNIST split: need at least one training and one held-out digit, got %d and %d", nTrain, nTest)
	}
	tr, err := LoadMNIST(ctx, MNISTTrain, nTrain+nTest)
	if err != nil {
		return nil, err
	}
	if tr.Len() < nTrain+nTest {
		return nil, fmt.Errorf("datasets: MNIST split: the training set has %d digits, %d asked", tr.Len(), nTrain+nTest)
	}
	x, y := tr.Rows2D(ScaleUnit), tr.IntLabels()
	return &ClassSplit{
		TrainX: x[:nTrain:nTrain], TrainY: y[:nTrain:nTrain],
		TestX: x[nTrain : nTrain+nTest], TestY: y[nTrain : nTrain+nTest],
	}, nil
}
