package datasets

import (
	"bufio"
	"bytes"
	"io"
)

// csvInput normalises a text stream before it is split into records: a
// leading UTF-8 byte-order mark is dropped (whether or not the first line
// is a header), and every line ending, "\r\n" (Windows), "\n" (Unix) or a
// lone "\r" (classic Mac OS, still written by some spreadsheet exports),
// becomes "\n". encoding/csv only knows the first two; given a CR-only file
// it reads one long header line and no data. A lone "\r" inside a quoted
// field also becomes "\n".
type csvInput struct {
	r       *bufio.Reader
	started bool
}

func newCSVInput(r io.Reader) *csvInput {
	return &csvInput{r: bufio.NewReaderSize(r, 64*1024)}
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

func (c *csvInput) Read(p []byte) (int, error) {
	if !c.started {
		c.started = true
		if b, err := c.r.Peek(len(utf8BOM)); err == nil && bytes.Equal(b, utf8BOM) {
			_, _ = c.r.Discard(len(utf8BOM))
		}
	}
	n := 0
	for n < len(p) {
		if n > 0 && c.r.Buffered() == 0 {
			break // return what we have rather than block on the source
		}
		b, err := c.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if b == '\r' {
			if next, err := c.r.Peek(1); err == nil && next[0] == '\n' {
				continue // "\r\n": the "\n" comes next
			}
			b = '\n'
		}
		p[n] = b
		n++
	}
	return n, nil
}
