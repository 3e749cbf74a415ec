package report

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

// failWriter accepts at most n bytes, then fails.
type failWriter struct{ n int }

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return w.n, errors.New("disk full")
	}
	w.n -= len(p)
	return len(p), nil
}

// TestWriteTo checks that Report is an io.WriterTo writing exactly Render's
// document and its length, and that it passes on a piece's rendering error
// (writing nothing) and the writer's error (with the bytes written).
func TestWriteTo(t *testing.T) {
	r := New("WriteTo")
	r.Heading("Section")
	r.Text("Some *text*.")
	r.Plot(fakeFig{}, "a figure")
	want, err := r.Render()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	var wt io.WriterTo = r
	n, err := wt.WriteTo(&b)
	if err != nil || n != int64(len(want)) || !bytes.Equal(b.Bytes(), want) {
		t.Errorf("WriteTo wrote %d bytes (err %v), want Render's %d bytes; equal: %v", n, err, len(want), bytes.Equal(b.Bytes(), want))
	}

	b.Reset()
	broken := New("broken")
	broken.Plot(fakeFig{err: errors.New("boom")}, "bad")
	if n, err := broken.WriteTo(&b); err == nil || !strings.Contains(err.Error(), "boom") || n != 0 || b.Len() != 0 {
		t.Errorf("WriteTo of a broken report: n %d, err %v, wrote %d bytes; want the rendering error and nothing written", n, err, b.Len())
	}

	if n, err := r.WriteTo(&failWriter{n: 100}); err == nil || n != 100 {
		t.Errorf("WriteTo to a failing writer: n %d, err %v; want 100 and the writer's error", n, err)
	}
}
