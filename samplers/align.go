package samplers

import "unsafe"

// cacheLine is the alignment, in float64s, of the vectors the fused loops
// stream: a 64-byte line, one AVX-512 register. A vector load that crosses
// a line boundary costs two.
const cacheLine = 8

// padded returns n rounded up to a whole number of cache lines.
func padded(n int) int { return (n + cacheLine - 1) &^ (cacheLine - 1) }

// alignedFloats returns a zeroed slice of n float64s starting on a cache
// line.
func alignedFloats(n int) []float64 {
	buf := make([]float64, n+cacheLine-1)
	off := 0
	if r := uintptr(unsafe.Pointer(unsafe.SliceData(buf))) % (8 * cacheLine); r != 0 {
		off = int(8*cacheLine-r) / 8
	}
	return buf[off : off+n : off+n]
}
