package datasets_test

import (
	"context"
	"fmt"
	"log"

	"github.com/bayesnn-go/bayesnn/datasets"
)

// The Keras Boston split: rows from the shared CSV (or a download of
// Keras's npz), shuffled with NumPy's RandomState(113), 404/102.
func ExampleLoader_Boston() {
	var l datasets.Loader // $BAYESNN_DATA, shared/datasets, cache, download
	s, err := l.Boston(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(s.Train.Y), len(s.Test.Y))
	fmt.Println("y_test[:5]:", s.Test.Y[:5])

	// Standardise with statistics of the training set only.
	var st datasets.Standardizer
	if err := st.Fit(s.Train.X); err != nil {
		log.Fatal(err)
	}
	xTest := st.Transform(nil, s.Test.X)
	fmt.Printf("CRIM mean %.4f sd %.4f; x_test[0][0] %.4f\n", st.Mean[0], st.Scale[0], xTest[0][0])
	// Output:
	// 404 102
	// y_test[:5]: [7.2 18.8 19 27 22.2]
	// CRIM mean 3.7451 sd 9.2293; x_test[0][0] 1.5537
}

func ExampleKerasPermutation() {
	p := datasets.KerasPermutation(506, datasets.KerasBostonSeed)
	fmt.Println(p[:5], p[404:407])
	// Output:
	// [22 202 368 335 461] [415 112 339]
}

func ExampleGibbsHMCLinear() {
	d, err := datasets.GibbsHMCLinear().Simulate(1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(d.Len(), d.Dim())
	fmt.Printf("x[0] = %.3f, y[0] = %.3f\n", d.X[0], d.Y[0])
	// Output:
	// 100 3
	// x[0] = [0.574 0.268 -0.964], y[0] = 1.651
}

func ExampleLangevinCurve() {
	d, err := datasets.LangevinCurve().Simulate(1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d points, x in [%.3f, %.3f], f(0) = %.4f\n",
		d.Len(), d.X[0][0], d.X[d.Len()-1][0], datasets.ToyCurveMean(0))
	// Output:
	// 100 points, x in [-0.958, 0.998], f(0) = -4.5465
}

func ExampleRandomPolynomial() {
	p := datasets.RandomPolynomial(2, 5)
	d, err := p.Simulate(6)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("coef %.3f, %d points\n", p.Coef, d.Len())
	// Output:
	// coef [0.192 1.555 -1.152], 100 points
}

func ExampleBimodal() {
	g := datasets.Bimodal()
	grad := make([]float64, 2)
	lp := g.LogProb(grad, []float64{1, 2})
	fmt.Printf("log p(1,2) = %.4f, grad = %.4f\n", lp, grad)
	m, c := g.Mean(), g.Cov()
	fmt.Printf("mean %.1f, var x %.1f, cov %.1f\n", m, c[0][0], c[0][1])
	d := g.Draws(3, 1)
	fmt.Printf("%.3f\n", d)
	// Output:
	// log p(1,2) = -3.0310, grad = [1.0000 -0.0000]
	// mean [0.0 0.0], var x 5.0, cov 4.0
	// [[2.808 1.391] [1.518 2.019] [3.003 1.405]]
}

func ExampleLoader_MNIST() {
	// The zero Loader also finds the files in the GoMNIST module.
	var l datasets.Loader
	m, err := l.MNIST(context.Background(), datasets.MNISTTrain, 10) // decodes only the first 10
	if err != nil {
		log.Fatal(err)
	}
	x := m.Floats(nil, datasets.ScaleNormalized) // (p/255 - 0.1307)/0.3081
	fmt.Println(m.Len(), m.Rows, m.Cols, len(x), m.IntLabels())
	// Output:
	// 10 28 28 7840 [5 0 4 1 9 2 1 3 1 4]
}
