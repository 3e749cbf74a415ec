package samplers

import (
	"math"
	"math/rand/v2"
)

// Standard normal draws for the momentum, by the ziggurat method of
// Marsaglia and Tsang (2000) with 256 layers, two draws from each 64 bits
// of the generator where rand.Rand.NormFloat64 takes one.
//
// Each draw takes 32 bits: 8 choose the layer, 1 the sign and 23 a
// magnitude, the centre of one of 2²³ equal cells of the layer's width.
// Within the part of a layer under the density (98.5% of draws) that is
// the draw; otherwise it is accepted or rejected against the density
// exactly (the wedges), or drawn from the exact tail beyond zigR. The
// result follows N(0, 1) up to the 23-bit discretisation of the layers,
// a displacement below 2⁻²⁴ of a layer's width; it is a deterministic
// function of the generator's stream.

const (
	zigR = 3.6541528853610088 // where the tail begins
	zigV = 4.92867323399e-3   // the area of each layer
	zigM = 1 << 23            // cells per layer
)

var (
	zigK [256]uint32  // a magnitude below zigK[i] lies under the density
	zigW [256]float64 // the width of a cell of layer i
	zigF [256]float64 // the density exp(-x²/2) at the layer's lower edge
)

func init() {
	x, prev := zigR, zigR
	q := zigV / math.Exp(-0.5*x*x) // the base layer's width, with its tail
	zigK[0] = uint32(x / q * zigM)
	zigK[1] = 0
	zigW[0] = q / zigM
	zigW[255] = x / zigM
	zigF[0] = 1
	zigF[255] = math.Exp(-0.5 * x * x)
	for i := 254; i >= 1; i-- {
		x = math.Sqrt(-2 * math.Log(zigV/x+math.Exp(-0.5*x*x)))
		zigK[i+1] = uint32(x / prev * zigM)
		prev = x
		zigF[i] = math.Exp(-0.5 * x * x)
		zigW[i] = x / zigM
	}
}

// normals fills dst with independent standard normal draws.
func normals(rng *rand.Rand, dst []float64) {
	i := 0
	for ; i+1 < len(dst); i += 2 {
		u := rng.Uint64()
		h0, h1 := uint32(u), uint32(u>>32)
		// The common case inline and without a branch on the sign.
		l0, m0 := h0&255, h0>>9
		l1, m1 := h1&255, h1>>9
		x0 := math.Float64frombits(math.Float64bits((float64(m0)+0.5)*zigW[l0]) | uint64(h0&256)<<55)
		x1 := math.Float64frombits(math.Float64bits((float64(m1)+0.5)*zigW[l1]) | uint64(h1&256)<<55)
		if m0 >= zigK[l0] {
			x0 = zigNormal(rng, h0)
		}
		if m1 >= zigK[l1] {
			x1 = zigNormal(rng, h1)
		}
		dst[i], dst[i+1] = x0, x1
	}
	if i < len(dst) {
		dst[i] = zigNormal(rng, uint32(rng.Uint64()))
	}
}

// zigNormal returns a standard normal draw from 32 random bits h: bits 0-7
// choose the layer, bit 8 the sign and bits 9-31 the magnitude. It draws
// more from rng in the rare cases that need them.
func zigNormal(rng *rand.Rand, h uint32) float64 {
	for {
		layer, mag := h&255, h>>9
		x := (float64(mag) + 0.5) * zigW[layer]
		if h&256 != 0 {
			x = -x
		}
		if mag < zigK[layer] {
			return x
		}
		if x, ok := zigSlow(rng, layer, x); ok {
			return x
		}
		h = uint32(rng.Uint64())
	}
}

// zigSlow decides a draw x of the given layer outside the part under the
// density: from the tail for the base layer, else against the density.
func zigSlow(rng *rand.Rand, layer uint32, x float64) (float64, bool) {
	if layer == 0 {
		var t float64
		for {
			t = -math.Log(1-rng.Float64()) / zigR
			y := -math.Log(1 - rng.Float64())
			if y+y >= t*t {
				break
			}
		}
		if x < 0 {
			return -(zigR + t), true
		}
		return zigR + t, true
	}
	f := zigF[layer] + rng.Float64()*(zigF[layer-1]-zigF[layer])
	return x, f < math.Exp(-0.5*x*x)
}
