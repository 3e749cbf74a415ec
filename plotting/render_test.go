package plotting

import (
	"bytes"
	"encoding/xml"
	"flag"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"gonum.org/v1/plot/vg"
)

var outDir = flag.String("out", "", "directory where TestRenderAll writes every figure as PNG and SVG")

// TestRenderAll renders every figure to PNG and SVG, checks that the PNG
// decodes to the figure's size and the SVG is well-formed XML, and, with
// -args -out DIR, writes them to DIR for a person to look at.
func TestRenderAll(t *testing.T) {
	figs, err := allFigures()
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(figs))
	for n := range figs {
		names = append(names, n)
	}
	sort.Strings(names)
	if *outDir != "" {
		if err := os.MkdirAll(*outDir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range names {
		f := figs[name]
		pb, err := f.PNG()
		if err != nil {
			t.Fatalf("%s: PNG: %v", name, err)
		}
		img, err := png.Decode(bytes.NewReader(pb))
		if err != nil {
			t.Fatalf("%s: decoding PNG: %v", name, err)
		}
		// vgimg sizes the image as inches × DPI rounded to nearest.
		wantW := int(f.Width.Points()/vg.Inch.Points()*DefaultDPI + 0.5)
		wantH := int(f.Height.Points()/vg.Inch.Points()*DefaultDPI + 0.5)
		if got := img.Bounds().Size(); got.X != wantW || got.Y != wantH {
			t.Errorf("%s: PNG size %v, want %dx%d", name, got, wantW, wantH)
		}
		sb, err := f.SVG()
		if err != nil {
			t.Fatalf("%s: SVG: %v", name, err)
		}
		if err := wellFormed(sb); err != nil {
			t.Errorf("%s: SVG is not well-formed XML: %v", name, err)
		}
		if *outDir != "" {
			for ext, b := range map[string][]byte{".png": pb, ".svg": sb} {
				if err := os.WriteFile(filepath.Join(*outDir, name+ext), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
}

func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
