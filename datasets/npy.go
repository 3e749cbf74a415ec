package datasets

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Array is an n-dimensional array read from a NumPy .npy file, converted to
// float64, in C (row-major) order.
type Array struct {
	Shape []int
	Data  []float64
}

// Len returns the number of elements the shape promises.
func (a *Array) Len() int {
	n := 1
	for _, s := range a.Shape {
		n *= s
	}
	return n
}

// Rows returns a 2-D array as a slice of rows sharing a's data, or a 1-D
// array as rows of one value. It returns an error for other ranks.
func (a *Array) Rows() ([][]float64, error) {
	switch len(a.Shape) {
	case 1:
		out := make([][]float64, a.Shape[0])
		for i := range out {
			out[i] = a.Data[i : i+1 : i+1]
		}
		return out, nil
	case 2:
		r, c := a.Shape[0], a.Shape[1]
		out := make([][]float64, r)
		for i := range out {
			out[i] = a.Data[i*c : (i+1)*c : (i+1)*c]
		}
		return out, nil
	}
	return nil, fmt.Errorf("datasets: array of shape %v is not 1-D or 2-D", a.Shape)
}

var npyMagic = []byte("\x93NUMPY")

// ReadNPY reads one array in NumPy's .npy format (versions 1, 2 and 3).
// Supported dtypes are little- or big-endian floats (f4, f8), signed and
// unsigned integers of 1, 2, 4 and 8 bytes and booleans; they are converted
// to float64. Fortran-ordered arrays and object arrays are rejected with an
// error.
func ReadNPY(r io.Reader) (*Array, error) {
	var pre [8]byte
	if _, err := io.ReadFull(r, pre[:]); err != nil {
		return nil, fmt.Errorf("datasets: npy: reading magic: %w", err)
	}
	if !bytes.Equal(pre[:6], npyMagic) {
		return nil, fmt.Errorf("datasets: npy: bad magic %q, not a .npy file", pre[:6])
	}
	var hlen int
	switch pre[6] {
	case 1:
		var b [2]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("datasets: npy: reading header length: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint16(b[:]))
	case 2, 3:
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("datasets: npy: reading header length: %w", err)
		}
		hlen = int(binary.LittleEndian.Uint32(b[:]))
		if hlen > 1<<24 {
			return nil, fmt.Errorf("datasets: npy: header length %d is implausible", hlen)
		}
	default:
		return nil, fmt.Errorf("datasets: npy: unsupported format version %d.%d", pre[6], pre[7])
	}
	hdr := make([]byte, hlen)
	if _, err := io.ReadFull(r, hdr); err != nil {
		return nil, fmt.Errorf("datasets: npy: reading header: %w", err)
	}
	descr, fortran, shape, err := parseNPYHeader(string(hdr))
	if err != nil {
		return nil, err
	}
	if fortran {
		return nil, errors.New("datasets: npy: Fortran-ordered arrays are not supported")
	}
	dt, err := parseDescr(descr)
	if err != nil {
		return nil, err
	}
	a := &Array{Shape: shape}
	n := a.Len()
	raw, err := readExactly(r, int64(n)*int64(dt.size))
	if err != nil {
		return nil, fmt.Errorf("datasets: npy: truncated data: shape %v of %s needs %d bytes, got %d", shape, descr, n*dt.size, len(raw))
	}
	a.Data = make([]float64, n)
	for i := range a.Data {
		a.Data[i] = dt.decode(raw[i*dt.size : (i+1)*dt.size])
	}
	return a, nil
}

// npyMaxElems bounds the number of elements of an array: 2³⁴, or what a
// slice of 16-byte elements can hold on a 32-bit platform.
const npyMaxElems = min(1<<34, math.MaxInt/16)

// npyType is a decoded dtype descriptor.
type npyType struct {
	order binary.ByteOrder
	kind  byte // 'f', 'i', 'u', 'b'
	size  int
}

func parseDescr(d string) (npyType, error) {
	bad := fmt.Errorf("datasets: npy: unsupported dtype %q (want a float, integer or bool)", d)
	if len(d) < 3 {
		return npyType{}, bad
	}
	t := npyType{order: binary.LittleEndian, kind: d[1]}
	switch d[0] {
	case '<', '|', '=':
	case '>':
		t.order = binary.BigEndian
	default:
		return npyType{}, bad
	}
	size, err := strconv.Atoi(d[2:])
	if err != nil {
		return npyType{}, bad
	}
	t.size = size
	switch {
	case t.kind == 'f' && (size == 4 || size == 8):
	case (t.kind == 'i' || t.kind == 'u') && (size == 1 || size == 2 || size == 4 || size == 8):
	case t.kind == 'b' && size == 1:
	default:
		return npyType{}, bad
	}
	return t, nil
}

func (t npyType) decode(b []byte) float64 {
	var u uint64
	switch t.size {
	case 1:
		u = uint64(b[0])
	case 2:
		u = uint64(t.order.Uint16(b))
	case 4:
		u = uint64(t.order.Uint32(b))
	case 8:
		u = t.order.Uint64(b)
	}
	switch t.kind {
	case 'f':
		if t.size == 4 {
			return float64(math.Float32frombits(uint32(u)))
		}
		return math.Float64frombits(u)
	case 'i':
		shift := 64 - 8*uint(t.size)
		return float64(int64(u<<shift) >> shift)
	case 'b':
		if u != 0 {
			return 1
		}
		return 0
	}
	return float64(u)
}

// parseNPYHeader reads the Python dict literal of a .npy header, e.g.
// {'descr': '<f8', 'fortran_order': False, 'shape': (506, 13), }.
func parseNPYHeader(h string) (descr string, fortran bool, shape []int, err error) {
	h = strings.TrimSpace(h)
	bad := func(what string) error {
		return fmt.Errorf("datasets: npy: malformed header %q: %s", h, what)
	}
	if !strings.HasPrefix(h, "{") || !strings.HasSuffix(h, "}") {
		return "", false, nil, bad("not a dict")
	}
	val := func(key string) (string, bool) {
		for _, q := range []string{"'", `"`} {
			k := q + key + q
			i := strings.Index(h, k)
			if i < 0 {
				continue
			}
			rest := strings.TrimSpace(h[i+len(k):])
			if !strings.HasPrefix(rest, ":") {
				return "", false
			}
			return strings.TrimSpace(rest[1:]), true
		}
		return "", false
	}
	v, ok := val("descr")
	if !ok || len(v) < 2 || (v[0] != '\'' && v[0] != '"') {
		return "", false, nil, bad("no string 'descr'")
	}
	end := strings.IndexByte(v[1:], v[0])
	if end < 0 {
		return "", false, nil, bad("unterminated 'descr'")
	}
	descr = v[1 : 1+end]
	v, ok = val("fortran_order")
	switch {
	case ok && strings.HasPrefix(v, "False"):
	case ok && strings.HasPrefix(v, "True"):
		fortran = true
	default:
		return "", false, nil, bad("no boolean 'fortran_order'")
	}
	v, ok = val("shape")
	if !ok || !strings.HasPrefix(v, "(") {
		return "", false, nil, bad("no tuple 'shape'")
	}
	end = strings.IndexByte(v, ')')
	if end < 0 {
		return "", false, nil, bad("unterminated 'shape'")
	}
	shape = []int{}
	for _, f := range strings.Split(v[1:end], ",") {
		f = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f), "L"))
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return "", false, nil, bad("bad dimension " + strconv.Quote(f))
		}
		shape = append(shape, n)
	}
	total := int64(1) // int64: the limit exceeds a 32-bit int
	for _, n := range shape {
		if n != 0 && total > npyMaxElems/int64(n) {
			return "", false, nil, bad("shape too large")
		}
		total *= int64(n)
	}
	return descr, fortran, shape, nil
}

// WriteNPY writes a as a version 1.0 .npy file of little-endian float64
// ('<f8') in C order. It panics if len(a.Data) does not match a.Shape.
func WriteNPY(w io.Writer, a *Array) error {
	if a.Len() != len(a.Data) {
		panic(fmt.Sprintf("datasets: WriteNPY: shape %v holds %d values, Data has %d", a.Shape, a.Len(), len(a.Data)))
	}
	dims := make([]string, len(a.Shape))
	for i, s := range a.Shape {
		dims[i] = strconv.Itoa(s)
	}
	shape := strings.Join(dims, ", ")
	if len(a.Shape) == 1 {
		shape += ","
	}
	hdr := fmt.Sprintf("{'descr': '<f8', 'fortran_order': False, 'shape': (%s), }", shape)
	// Pad with spaces so that magic+version+length+header+'\n' is a
	// multiple of 64 bytes, as numpy does.
	total := len(npyMagic) + 2 + 2 + len(hdr) + 1
	hdr += strings.Repeat(" ", (64-total%64)%64) + "\n"
	if len(hdr) > math.MaxUint16 {
		return errors.New("datasets: WriteNPY: header too long for format 1.0")
	}
	buf := make([]byte, 0, 10+len(hdr)+8*len(a.Data))
	buf = append(buf, npyMagic...)
	buf = append(buf, 1, 0)
	buf = binary.LittleEndian.AppendUint16(buf, uint16(len(hdr)))
	buf = append(buf, hdr...)
	for _, v := range a.Data {
		buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(v))
	}
	_, err := w.Write(buf)
	return err
}

// ReadNPZ reads every array of a NumPy .npz archive (a zip of .npy files,
// stored or deflated). The keys are the member names without ".npy", as
// numpy's np.load gives them. Every member is read to its end so that its
// CRC-32 is checked: a corrupted member is an error.
func ReadNPZ(r io.ReaderAt, size int64) (map[string]*Array, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("datasets: npz: not a zip archive: %w", err)
	}
	out := make(map[string]*Array, len(zr.File))
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, fmt.Errorf("datasets: npz: member %s: %w", f.Name, err)
		}
		a, err := ReadNPY(rc)
		if err == nil {
			// The zip reader checks the CRC at the end of the member.
			if _, err = io.Copy(io.Discard, rc); err != nil {
				err = fmt.Errorf("corrupted data: %w", err)
			}
		}
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("datasets: npz: member %s: %w", f.Name, err)
		}
		out[strings.TrimSuffix(f.Name, ".npy")] = a
	}
	return out, nil
}

// WriteNPZ writes arrays as an uncompressed .npz archive (np.savez's
// layout), members in key order.
func WriteNPZ(w io.Writer, arrays map[string]*Array) error {
	keys := make([]string, 0, len(arrays))
	for k := range arrays {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	zw := zip.NewWriter(w)
	for _, k := range keys {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: k + ".npy", Method: zip.Store})
		if err != nil {
			return err
		}
		if err := WriteNPY(fw, arrays[k]); err != nil {
			return err
		}
	}
	return zw.Close()
}

// readExactly reads exactly n bytes. It grows its buffer as data arrives
// (preallocating at most 64 MiB), so a header that promises more than the
// stream holds fails without a huge allocation. On a short read it returns
// what it got and io.ErrUnexpectedEOF (or the read error).
func readExactly(r io.Reader, n int64) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(int(min(n, 64<<20)))
	got, err := io.CopyN(&buf, r, n)
	if got < n {
		if err == nil || err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return buf.Bytes(), err
	}
	return buf.Bytes(), nil
}
