package datasets

import (
	"fmt"

	"github.com/go-gota/gota/dataframe"
	"github.com/go-gota/gota/series"
)

// DataFrame returns t as a gota DataFrame with one float column per column
// of t.
func (t *Table) DataFrame() dataframe.DataFrame {
	cols := make([]series.Series, len(t.Names))
	for j, name := range t.Names {
		v := make([]float64, len(t.Rows))
		for i, row := range t.Rows {
			v[i] = row[j]
		}
		cols[j] = series.New(v, series.Float, name)
	}
	return dataframe.New(cols...)
}

// DataFrame returns d as a gota DataFrame: the input columns (named by
// d.Names, or x0, x1, ... when Names is nil) followed by a column y.
func (d *Regression) DataFrame() dataframe.DataFrame {
	t := &Table{Names: make([]string, 0, d.Dim()+1), Rows: make([][]float64, d.Len())}
	for j := 0; j < d.Dim(); j++ {
		if j < len(d.Names) {
			t.Names = append(t.Names, d.Names[j])
		} else {
			t.Names = append(t.Names, fmt.Sprintf("x%d", j))
		}
	}
	t.Names = append(t.Names, "y")
	for i := range t.Rows {
		t.Rows[i] = append(append(make([]float64, 0, d.Dim()+1), d.X[i]...), d.Y[i])
	}
	return t.DataFrame()
}

// TableFromDataFrame converts a gota DataFrame whose columns are all
// numeric (float, int or bool) into a Table. A DataFrame carrying an error
// or a string column gives an error naming the column; missing values
// become NaN.
func TableFromDataFrame(df dataframe.DataFrame) (*Table, error) {
	if err := df.Err; err != nil {
		return nil, fmt.Errorf("datasets: DataFrame carries an error: %w", err)
	}
	nrow, ncol := df.Dims()
	t := &Table{Names: df.Names(), Rows: make([][]float64, nrow)}
	for i := range t.Rows {
		t.Rows[i] = make([]float64, ncol)
	}
	for j, name := range t.Names {
		col := df.Col(name)
		switch col.Type() {
		case series.Float, series.Int, series.Bool:
		default:
			return nil, fmt.Errorf("datasets: DataFrame column %d (%s) has type %s, want a numeric type", j+1, name, col.Type())
		}
		for i, v := range col.Float() {
			t.Rows[i][j] = v
		}
	}
	return t, nil
}

// ReadDataFrameCSV reads a numeric CSV file strictly with [ReadCSVFile]
// (so ragged rows and bad cells are errors naming line and column, rather
// than silently becoming strings or NaN) and returns it as a gota
// DataFrame.
func ReadDataFrameCSV(path string, opt CSVOptions) (dataframe.DataFrame, error) {
	t, err := ReadCSVFile(path, opt)
	if err != nil {
		return dataframe.DataFrame{}, err
	}
	return t.DataFrame(), nil
}
