// Command blankcheck fails when a PNG screenshot is blank: fewer than 0.05% of
// its pixels differ from the most common color, or fewer than 8 distinct
// colors appear.
package main

import (
	"fmt"
	"image/png"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: blankcheck SCREENSHOT.png")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "blankcheck:", err)
		os.Exit(1)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, "blankcheck:", err)
		os.Exit(1)
	}
	counts := map[[3]uint32]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[[3]uint32{r >> 8, g >> 8, bl >> 8}]++
		}
	}
	total, top := b.Dx()*b.Dy(), 0
	for _, n := range counts {
		top = max(top, n)
	}
	frac := 1 - float64(top)/float64(total)
	fmt.Printf("blankcheck: %dx%d, %d colors, %.1f%% of pixels off the background\n", b.Dx(), b.Dy(), len(counts), 100*frac)
	if frac < 0.0005 || len(counts) < 8 {
		fmt.Fprintln(os.Stderr, "blankcheck: FAIL: the screenshot is blank")
		os.Exit(1)
	}
}
