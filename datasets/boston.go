package datasets

import (
	"context"
	"fmt"
	"os"
	"strings"
)

// BostonColumns are the 14 columns of Boston housing; the last, MEDV
// (median value in $1000), is the target.
var BostonColumns = []string{"CRIM", "ZN", "INDUS", "CHAS", "NOX", "RM", "AGE", "DIS", "RAD", "TAX", "PTRATIO", "B", "LSTAT", "MEDV"}

// ReadBostonCSV reads Boston housing from a CSV file with a header whose
// columns are [BostonColumns] in that order (as shared/datasets/
// boston_housing.csv). Rows keep the file's order.
func ReadBostonCSV(path string) (*Regression, error) {
	t, err := ReadCSVFile(path, CSVOptions{})
	if err != nil {
		return nil, err
	}
	if strings.Join(t.Names, ",") != strings.Join(BostonColumns, ",") {
		return nil, fmt.Errorf("datasets: %s: header %s, want %s", path, strings.Join(t.Names, ","), strings.Join(BostonColumns, ","))
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("datasets: %s: no data rows", path)
	}
	return t.Regression("MEDV")
}

// ReadBostonNPZ reads Keras's boston_housing.npz: arrays x (n×13) and y (n).
func ReadBostonNPZ(path string) (*Regression, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: cannot open npz file: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	arrs, err := ReadNPZ(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("datasets: %s: %w", path, err)
	}
	x, y := arrs["x"], arrs["y"]
	if x == nil || y == nil {
		return nil, fmt.Errorf("datasets: %s: want arrays x and y in the archive", path)
	}
	nf := len(BostonColumns) - 1
	if len(x.Shape) != 2 || x.Shape[1] != nf {
		return nil, fmt.Errorf("datasets: %s: x has shape %v, want (n, %d)", path, x.Shape, nf)
	}
	if len(y.Shape) != 1 || y.Shape[0] != x.Shape[0] {
		return nil, fmt.Errorf("datasets: %s: y has shape %v, want (%d,)", path, y.Shape, x.Shape[0])
	}
	rows, _ := x.Rows()
	return &Regression{Names: append([]string(nil), BostonColumns[:nf]...), X: rows, Y: y.Data}, nil
}

// BostonAll returns the 506 Boston housing rows in the original order: from
// boston_housing.csv if a search directory holds it, otherwise from Keras's
// boston_housing.npz, found locally or downloaded. ctx bounds the download:
// cancel it, or give it a deadline, to stop waiting for a stalled mirror.
func (l *Loader) BostonAll(ctx context.Context) (*Regression, error) {
	p, err := l.Locate(BostonCSVFile)
	if err != nil {
		return nil, err
	}
	if p != "" {
		return ReadBostonCSV(p)
	}
	p, err = l.Fetch(ctx, BostonNPZFile)
	if err != nil {
		return nil, err
	}
	return ReadBostonNPZ(p)
}

// Boston returns Boston housing split as
// tf.keras.datasets.boston_housing.load_data() splits it: 404 training and
// 102 test rows (test_split 0.2, seed 113). Standardize with a
// [Standardizer] fitted on Train only. ctx bounds the download, as for
// [Loader.BostonAll].
func (l *Loader) Boston(ctx context.Context) (*TrainTest, error) {
	d, err := l.BostonAll(ctx)
	if err != nil {
		return nil, err
	}
	return KerasSplit(d, KerasBostonTestSplit, KerasBostonSeed)
}

// LoadBoston is Loader{}.Boston(ctx): the Keras split, from the shared
// folder, $BAYESNN_DATA, the cache or a download.
func LoadBoston(ctx context.Context) (*TrainTest, error) {
	var l Loader
	return l.Boston(ctx)
}

// LoadBostonCSV reads Boston housing from a CSV file at path (see
// [ReadBostonCSV]) and splits it as Keras does (see [Loader.Boston]).
func LoadBostonCSV(path string) (*TrainTest, error) {
	d, err := ReadBostonCSV(path)
	if err != nil {
		return nil, err
	}
	return KerasSplit(d, KerasBostonTestSplit, KerasBostonSeed)
}
