package datasets

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
)

// IDX is an array of unsigned bytes read from an IDX file (the format of the
// MNIST distribution): Dims[0] items, each of Dims[1]×Dims[2]×... bytes.
type IDX struct {
	// Dims are the dimensions as the file's header gives them, except that
	// Dims[0] is the number of items actually read.
	Dims []int
	// Data holds the items one after the other.
	Data []uint8
}

// ReadIDX reads an unsigned-byte IDX stream (magic 0x00 0x00 0x08 rank).
// When max > 0 it stops after the first max items, so the first few
// images of a large file are decoded without reading the rest. name is used
// in error messages. A file shorter than its header promises is an error
// that says how many items it holds.
func ReadIDX(r io.Reader, name string, max int) (*IDX, error) {
	var magic [4]byte
	if _, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, fmt.Errorf("datasets: %s: reading IDX magic: %w", name, err)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("datasets: %s: bad IDX magic % x (want 00 00 08 rank)", name, magic)
	}
	if magic[2] != 0x08 {
		return nil, fmt.Errorf("datasets: %s: IDX data type 0x%02x is not supported (only unsigned bytes, 0x08)", name, magic[2])
	}
	rank := int(magic[3])
	if rank == 0 {
		return nil, fmt.Errorf("datasets: %s: IDX rank 0", name)
	}
	dims := make([]int, rank)
	item := int64(1) // int64: the limits below exceed a 32-bit int
	for i := range dims {
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("datasets: %s: truncated IDX header (dimension %d of %d): %w", name, i+1, rank, err)
		}
		d := binary.BigEndian.Uint32(b[:])
		if d > 1<<28 {
			return nil, fmt.Errorf("datasets: %s: IDX dimension %d is implausible (%d)", name, i+1, d)
		}
		dims[i] = int(d)
		if i > 0 {
			item *= int64(dims[i])
			if item > idxMaxBytes {
				return nil, fmt.Errorf("datasets: %s: IDX items of %v bytes are too large", name, dims[1:i+1])
			}
		}
	}
	n := dims[0]
	if max > 0 && max < n {
		n = max
	}
	if int64(n)*item > idxMaxBytes {
		return nil, fmt.Errorf("datasets: %s: IDX file of %v bytes is too large", name, dims)
	}
	data, err := readExactly(r, int64(n)*item)
	if err != nil {
		complete := int64(0)
		if item > 0 {
			complete = int64(len(data)) / item
		}
		return nil, fmt.Errorf("datasets: %s: truncated IDX file: header promises %d items of %d bytes, only %d complete items present (%v)",
			name, dims[0], item, complete, err)
	}
	dims[0] = n
	return &IDX{Dims: dims, Data: data}, nil
}

// idxMaxBytes bounds an IDX file's payload: 8 GiB, or what a slice can
// hold on a 32-bit platform.
const idxMaxBytes = min(1<<33, math.MaxInt)

// ReadIDXFile reads the IDX file at path, decompressing it first when it is
// gzip-compressed (detected from its first bytes, whatever its name). See
// [ReadIDX] for max. A gzip stream is read to its end, even when max stops
// the decoding early, so that its CRC is checked: corrupted data is an
// error, never returned as data.
func ReadIDXFile(path string, max int) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: cannot open IDX file: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("datasets: %s: bad gzip stream: %w", path, err)
		}
		defer zr.Close()
		d, err := ReadIDX(zr, path, max)
		if err != nil {
			return nil, err
		}
		// The CRC and length are checked at the end of the stream.
		if _, err := io.Copy(io.Discard, zr); err != nil {
			return nil, fmt.Errorf("datasets: %s: corrupted gzip stream: %w", path, err)
		}
		return d, nil
	}
	return ReadIDX(r, path, max)
}
