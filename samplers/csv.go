package samplers

import (
	"bufio"
	"io"
	"strconv"
	"sync"
)

// csvSink streams saved draws as CSV lines; safe for concurrent use.
type csvSink struct {
	mu  sync.Mutex
	w   *bufio.Writer
	buf []byte
	err error
}

func newCSVSink(w io.Writer, names []string) *csvSink {
	s := &csvSink{w: bufio.NewWriter(w)}
	s.buf = append(s.buf, "chain,draw"...)
	for _, n := range names {
		s.buf = append(s.buf, ',')
		s.buf = appendCSVField(s.buf, n)
	}
	for _, n := range StatNames {
		s.buf = append(s.buf, ',')
		s.buf = append(s.buf, n...)
	}
	s.buf = append(s.buf, '\n')
	_, s.err = s.w.Write(s.buf)
	if s.err == nil {
		s.err = s.w.Flush()
	}
	return s
}

func appendCSVField(b []byte, f string) []byte {
	for _, r := range f {
		if r == ',' || r == '"' || r == '\n' || r == '\r' {
			return strconv.AppendQuote(b, f)
		}
	}
	return append(b, f...)
}

// write appends one draw line (chain 1-based, draw as in Trace.DataFrame) and
// flushes, so a reader sees complete lines while the run goes on.
func (s *csvSink) write(chain, draw int, x []float64, st *DrawStats) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return
	}
	b := s.buf[:0]
	b = strconv.AppendInt(b, int64(chain+1), 10)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(draw), 10)
	for _, v := range x {
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	for _, n := range StatNames {
		v, _ := statValue(st, n)
		b = append(b, ',')
		b = strconv.AppendFloat(b, v, 'g', -1, 64)
	}
	b = append(b, '\n')
	s.buf = b
	if _, s.err = s.w.Write(b); s.err == nil {
		s.err = s.w.Flush()
	}
}
