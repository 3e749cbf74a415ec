package arviz

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
)

// zarrStore writes a zarr v2 directory store: groups and arrays as
// directories with JSON metadata (.zgroup, .zarray, .zattrs), each array in
// one uncompressed chunk, and the consolidated metadata (.zmetadata) that
// xarray.open_zarr reads first.
type zarrStore struct {
	root string
	meta map[string]any // consolidated metadata, by key
}

func newZarrStore(root string) (*zarrStore, error) {
	if _, err := os.Stat(root); err == nil {
		return nil, fmt.Errorf("arviz: %s exists; InferenceData is written to a new directory", root)
	}
	z := &zarrStore{root: root, meta: map[string]any{}}
	return z, z.group("", map[string]any{})
}

// writeJSON writes a metadata document and records it for .zmetadata.
func (z *zarrStore) writeJSON(key string, v any) error {
	b, err := json.MarshalIndent(v, "", "    ")
	if err != nil {
		return err
	}
	z.meta[key] = json.RawMessage(b)
	return z.writeFile(key, b)
}

func (z *zarrStore) writeFile(key string, b []byte) error {
	p := filepath.Join(z.root, filepath.FromSlash(key))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return fmt.Errorf("arviz: %w", err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		return fmt.Errorf("arviz: %w", err)
	}
	return nil
}

func join(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "/")
}

// group creates a group with attributes.
func (z *zarrStore) group(path string, attrs map[string]any) error {
	if err := z.writeJSON(join(path, ".zgroup"), map[string]any{"zarr_format": 2}); err != nil {
		return err
	}
	return z.writeJSON(join(path, ".zattrs"), attrs)
}

// array is an n-dimensional array with its xarray dimension names; exactly
// one of F (float64), I (int64) and B (bool) holds its values, row-major.
type array struct {
	Dims  []string
	Shape []int
	F     []float64
	I     []int64
	B     []bool
}

func (a *array) len() int {
	n := 1
	for _, s := range a.Shape {
		n *= s
	}
	return n
}

// put writes array name of group path.
func (z *zarrStore) put(path, name string, a *array) error {
	if len(a.Dims) != len(a.Shape) {
		panic(fmt.Sprintf("arviz: array %s has %d dimension names for shape %v", name, len(a.Dims), a.Shape))
	}
	n := a.len()
	var dtype string
	var data []byte
	switch {
	case a.F != nil || (a.I == nil && a.B == nil):
		dtype = "<f8"
		if len(a.F) != n {
			return fmt.Errorf("arviz: %s: %d values for shape %v", name, len(a.F), a.Shape)
		}
		data = make([]byte, 8*n)
		for i, v := range a.F {
			binary.LittleEndian.PutUint64(data[8*i:], math.Float64bits(v))
		}
	case a.I != nil:
		dtype = "<i8"
		if len(a.I) != n {
			return fmt.Errorf("arviz: %s: %d values for shape %v", name, len(a.I), a.Shape)
		}
		data = make([]byte, 8*n)
		for i, v := range a.I {
			binary.LittleEndian.PutUint64(data[8*i:], uint64(v))
		}
	default:
		dtype = "|b1"
		if len(a.B) != n {
			return fmt.Errorf("arviz: %s: %d values for shape %v", name, len(a.B), a.Shape)
		}
		data = make([]byte, n)
		for i, v := range a.B {
			if v {
				data[i] = 1
			}
		}
	}
	chunks := make([]int, len(a.Shape))
	key := make([]string, len(a.Shape))
	for i, s := range a.Shape {
		chunks[i] = max(s, 1)
		key[i] = "0"
	}
	base := join(path, name)
	err := z.writeJSON(join(base, ".zarray"), map[string]any{
		"zarr_format": 2, "shape": a.Shape, "chunks": chunks, "dtype": dtype,
		"compressor": nil, "fill_value": nil, "filters": nil, "order": "C",
		"dimension_separator": ".",
	})
	if err != nil {
		return err
	}
	if err := z.writeJSON(join(base, ".zattrs"), map[string]any{"_ARRAY_DIMENSIONS": a.Dims}); err != nil {
		return err
	}
	if n == 0 {
		return nil // an empty array has no chunk
	}
	return z.writeFile(join(base, strings.Join(key, ".")), data)
}

// close writes the consolidated metadata.
func (z *zarrStore) close() error {
	return z.writeJSON(".zmetadata", map[string]any{"zarr_consolidated_format": 1, "metadata": z.meta})
}
