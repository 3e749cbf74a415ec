package datasets

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
)

// Table is a numeric table with named columns, as read from a CSV file.
type Table struct {
	// Names holds one name per column.
	Names []string
	// Rows holds the values, one slice per row, each of len(Names).
	Rows [][]float64
}

// CSVOptions configures [ReadCSV]. The zero value reads comma-separated
// values with a header line.
type CSVOptions struct {
	// NoHeader means the first line is data; columns are then named
	// "C0", "C1", ...
	NoHeader bool
	// Comma is the field separator; 0 means ','.
	Comma rune
	// Whitespace splits fields on runs of spaces and tabs instead of Comma
	// (UCI's housing.data layout).
	Whitespace bool
	// Name is used in error messages; "" means "csv" for readers, and the
	// path for [ReadCSVFile].
	Name string
}

// ReadCSVFile reads the numeric CSV file at path. See [ReadCSV].
func ReadCSVFile(path string, opt CSVOptions) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: cannot open CSV file: %w", err)
	}
	defer f.Close()
	if opt.Name == "" {
		opt.Name = path
	}
	return ReadCSV(f, opt)
}

// ReadCSV reads a numeric table. Every row must have as many fields as the
// header (or the first row) and every field must parse as a float64
// ("NaN", "Inf" are accepted as strconv.ParseFloat accepts them); otherwise
// the error names the file, the 1-based line, the 1-based row of data and
// the column. Blank lines are skipped. Lines may end in "\n", "\r\n" or a
// lone "\r"; a leading UTF-8 byte-order mark is ignored; two header columns
// of one name are an error.
func ReadCSV(r io.Reader, opt CSVOptions) (*Table, error) {
	name := opt.Name
	if name == "" {
		name = "csv"
	}
	records, lines, err := readRecords(r, opt, name)
	if err != nil {
		return nil, err
	}
	t := &Table{}
	start := 0
	if !opt.NoHeader {
		if len(records) == 0 {
			return nil, fmt.Errorf("datasets: %s: empty file, expected a header line", name)
		}
		for j, h := range records[0] {
			h = strings.TrimSpace(h)
			if h == "" {
				return nil, fmt.Errorf("datasets: %s: header column %d is empty", name, j+1)
			}
			t.Names = append(t.Names, h)
		}
		if err := duplicateNames(t.Names); err != nil {
			return nil, fmt.Errorf("datasets: %s: %w", name, err)
		}
		start = 1
	} else if len(records) > 0 {
		for j := range records[0] {
			t.Names = append(t.Names, "C"+strconv.Itoa(j))
		}
	}
	ncol := len(t.Names)
	for k := start; k < len(records); k++ {
		rec := records[k]
		row := k - start + 1
		if len(rec) != ncol {
			return nil, fmt.Errorf("datasets: %s: line %d (data row %d) has %d fields, want %d like the %s",
				name, lines[k], row, len(rec), ncol, firstLineWord(opt))
		}
		vals := make([]float64, ncol)
		for j, s := range rec {
			s = strings.TrimSpace(s)
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("datasets: %s: line %d (data row %d), column %d (%s): cannot parse %q as a number",
					name, lines[k], row, j+1, t.Names[j], s)
			}
			vals[j] = v
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, nil
}

func firstLineWord(opt CSVOptions) string {
	if opt.NoHeader {
		return "first row"
	}
	return "header"
}

// duplicateNames returns an error naming every header name that occurs more
// than once, with the 1-based columns of its first two occurrences; a table
// with two columns of one name would make [Table.Column] pick one silently.
func duplicateNames(names []string) error {
	first := make(map[string]int, len(names))
	var dups []string
	for j, n := range names {
		if i, ok := first[n]; ok {
			if i >= 0 {
				dups = append(dups, fmt.Sprintf("%q (columns %d and %d)", n, i+1, j+1))
				first[n] = -1 // report each name once
			}
			continue
		}
		first[n] = j
	}
	if dups != nil {
		return fmt.Errorf("duplicate column names in the header: %s", strings.Join(dups, ", "))
	}
	return nil
}

// readRecords splits the input into records and reports each record's
// 1-based line number. Line endings may be "\n", "\r\n" or a lone "\r", and
// a leading byte-order mark is dropped (see csvInput).
func readRecords(r io.Reader, opt CSVOptions, name string) ([][]string, []int, error) {
	r = newCSVInput(r)
	var recs [][]string
	var lines []int
	if opt.Whitespace {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
		line := 0
		for sc.Scan() {
			line++
			f := strings.Fields(sc.Text())
			if len(f) == 0 {
				continue
			}
			recs = append(recs, f)
			lines = append(lines, line)
		}
		if err := sc.Err(); err != nil {
			return nil, nil, fmt.Errorf("datasets: %s: %w", name, err)
		}
		return recs, lines, nil
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // ragged rows are reported by ReadCSV with names
	cr.TrimLeadingSpace = true
	if opt.Comma != 0 {
		cr.Comma = opt.Comma
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("datasets: %s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		recs = append(recs, rec)
		lines = append(lines, line)
	}
	return recs, lines, nil
}

// WriteCSV writes t with a header line, formatting numbers with the fewest
// digits that read back exactly.
func (t *Table) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(t.Names); err != nil {
		return err
	}
	rec := make([]string, len(t.Names))
	for i, row := range t.Rows {
		if len(row) != len(t.Names) {
			return fmt.Errorf("datasets: table row %d has %d values, want %d", i, len(row), len(t.Names))
		}
		for j, v := range row {
			rec[j] = strconv.FormatFloat(v, 'g', -1, 64)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Column returns a copy of the named column.
func (t *Table) Column(name string) ([]float64, error) {
	j := t.index(name)
	if j < 0 {
		return nil, fmt.Errorf("datasets: no column %q (have %s)", name, strings.Join(t.Names, ", "))
	}
	out := make([]float64, len(t.Rows))
	for i, row := range t.Rows {
		out[i] = row[j]
	}
	return out, nil
}

func (t *Table) index(name string) int {
	for j, n := range t.Names {
		if n == name {
			return j
		}
	}
	return -1
}

// Regression splits t into inputs (every column but target) and the target
// column.
func (t *Table) Regression(target string) (*Regression, error) {
	j := t.index(target)
	if j < 0 {
		return nil, fmt.Errorf("datasets: no target column %q (have %s)", target, strings.Join(t.Names, ", "))
	}
	d := &Regression{X: make([][]float64, len(t.Rows)), Y: make([]float64, len(t.Rows))}
	for k, n := range t.Names {
		if k != j {
			d.Names = append(d.Names, n)
		}
	}
	for i, row := range t.Rows {
		x := make([]float64, 0, len(row)-1)
		x = append(x, row[:j]...)
		x = append(x, row[j+1:]...)
		d.X[i] = x
		d.Y[i] = row[j]
	}
	return d, nil
}

// HasNaN reports whether any value of t is NaN.
func (t *Table) HasNaN() bool {
	for _, row := range t.Rows {
		for _, v := range row {
			if math.IsNaN(v) {
				return true
			}
		}
	}
	return false
}
