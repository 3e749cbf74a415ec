package datasets

import (
	"context"
	"testing"
)

func BenchmarkMNISTFirst100(b *testing.B) {
	l := Loader{Dirs: []string{sharedDir(b)}, OnlyDirs: true, Offline: true, CacheDir: b.TempDir()}
	for b.Loop() {
		if _, err := l.MNIST(context.Background(), MNISTTrain, 100); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMNISTTrainAll(b *testing.B) {
	l := Loader{Dirs: []string{sharedDir(b)}, OnlyDirs: true, Offline: true, CacheDir: b.TempDir()}
	for b.Loop() {
		if _, err := l.MNIST(context.Background(), MNISTTrain, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkKerasPermutation506(b *testing.B) {
	for b.Loop() {
		KerasPermutation(506, KerasBostonSeed)
	}
}

func BenchmarkBimodalLogProb(b *testing.B) {
	m := Bimodal()
	x, g := []float64{0.3, -0.2}, make([]float64, 2)
	b.ReportAllocs()
	for b.Loop() {
		m.LogProb(g, x)
	}
}
