package datasets

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"os"
	"sync"
)

// File describes a data file: its name in a data or cache directory, what it
// must hash to, and where to download it.
type File struct {
	// Name is the file's name in a directory.
	Name string
	// Subdir is a subfolder also searched in each directory ("mnist" for
	// the MNIST files, as laid out in shared/datasets).
	Subdir string
	// Size in bytes; 0 means unchecked.
	Size int64
	// SHA256 and MD5 are lower-case hex digests; "" means unchecked. At
	// least one should be set; when both are, only the sha256 is checked.
	SHA256, MD5 string
	// URLs are tried in order when the file must be downloaded.
	URLs []string
}

// ChecksumError reports a file whose size or digest differs from the one
// expected.
type ChecksumError struct {
	Path, What, Got, Want string
}

// Error names the file, what differs (size, sha256 or md5) and both
// values.
func (e *ChecksumError) Error() string {
	return fmt.Sprintf("datasets: %s: %s mismatch: got %s, want %s (corrupt or wrong file)", e.Path, e.What, e.Got, e.Want)
}

// Verify checks the file at path against f's size and digest: the sha256
// when f has one (the md5 is then not computed), else the md5. A mismatch
// is a *ChecksumError. A file already verified in this process, with the
// same size and modification time, is not hashed again.
func (f File) Verify(path string) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("datasets: cannot open %s: %w", f.Name, err)
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return fmt.Errorf("datasets: %s: %w", path, err)
	}
	key := fmt.Sprint(path, "|", st.Size(), "|", st.ModTime().UnixNano(), "|", f.Size, "|", f.SHA256, "|", f.MD5)
	if _, ok := verified.Load(key); ok {
		return nil
	}
	if err := f.verifyReader(fh, path); err != nil {
		return err
	}
	verified.Store(key, struct{}{})
	return nil
}

// verified remembers the files that passed Verify.
var verified sync.Map

// hasher returns the hash to compute for f.
func (f File) hasher() hash.Hash {
	if f.SHA256 != "" {
		return sha256.New()
	}
	return md5.New()
}

func (f File) verifyReader(r io.Reader, path string) error {
	h := f.hasher()
	n, err := io.Copy(h, r)
	if err != nil {
		return fmt.Errorf("datasets: reading %s: %w", path, err)
	}
	return f.check(path, n, hex.EncodeToString(h.Sum(nil)))
}

// check compares a size and the hex digest made by f.hasher with f's.
func (f File) check(path string, n int64, digest string) error {
	if f.Size > 0 && n != f.Size {
		return &ChecksumError{Path: path, What: "size", Got: fmt.Sprint(n, " bytes"), Want: fmt.Sprint(f.Size, " bytes")}
	}
	switch {
	case f.SHA256 != "":
		if digest != f.SHA256 {
			return &ChecksumError{Path: path, What: "sha256", Got: digest, Want: f.SHA256}
		}
	case f.MD5 != "":
		if digest != f.MD5 {
			return &ChecksumError{Path: path, What: "md5", Got: digest, Want: f.MD5}
		}
	}
	return nil
}

// Canonical mirrors, tried in order (see shared/datasets/README.md).
var (
	// MNISTMirrors are the IDX mirrors of torchvision followed by the CVDF
	// mirror of TensorFlow Datasets.
	MNISTMirrors = []string{
		"http://yann.lecun.com/exdb/mnist/",
		"https://ossci-datasets.s3.amazonaws.com/mnist/",
		"https://storage.googleapis.com/cvdf-datasets/mnist/",
	}
	// BostonNPZURLs are Keras's current and legacy URLs of boston_housing.npz.
	BostonNPZURLs = []string{
		"https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz",
		"https://s3.amazonaws.com/keras-datasets/boston_housing.npz",
	}
)

// The catalog of known files. Checksums are those verified in
// shared/datasets/README.md.
var (
	// BostonCSVFile is the project's CSV copy of Boston housing (header +
	// 506 rows in the original StatLib/UCI order). It is not downloadable.
	BostonCSVFile = File{Name: "boston_housing.csv", Size: 34695,
		SHA256: "79ac716620024011b03c0c44d2bf99069b8173649181926d9109c25475a3804c"}
	// BostonNPZFile is Keras's boston_housing.npz (x: 506×13, y: 506).
	BostonNPZFile = File{Name: "boston_housing.npz", Size: 57026,
		SHA256: "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
		URLs:   BostonNPZURLs}

	MNISTTrainImagesFile = mnistFile("train-images-idx3-ubyte.gz", 9912422,
		"440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", "f68b3c2dcbeaaa9fbdd348bbdeb94873")
	MNISTTrainLabelsFile = mnistFile("train-labels-idx1-ubyte.gz", 28881,
		"3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", "d53e105ee54ea40749a09fcbcd1e9432")
	MNISTTestImagesFile = mnistFile("t10k-images-idx3-ubyte.gz", 1648877,
		"8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", "9fb629c4189551a2d022fa330f9573f3")
	MNISTTestLabelsFile = mnistFile("t10k-labels-idx1-ubyte.gz", 4542,
		"f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", "ec29112dd5afa0611ce80d1b7f02629c")

	// The decompressed MNIST files, accepted in a data directory in place
	// of the .gz files.
	MNISTTrainImagesRawFile = File{Name: "train-images-idx3-ubyte", Subdir: "mnist", Size: 47040016,
		SHA256: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", MD5: "6bbc9ace898e44ae57da46a324031adb"}
	MNISTTrainLabelsRawFile = File{Name: "train-labels-idx1-ubyte", Subdir: "mnist", Size: 60008,
		SHA256: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", MD5: "a25bea736e30d166cdddb491f175f624"}
	MNISTTestImagesRawFile = File{Name: "t10k-images-idx3-ubyte", Subdir: "mnist", Size: 7840016,
		SHA256: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", MD5: "2646ac647ad5339dbf082846283269ea"}
	MNISTTestLabelsRawFile = File{Name: "t10k-labels-idx1-ubyte", Subdir: "mnist", Size: 10008,
		SHA256: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", MD5: "27ae3e4e09519cfbb04c329615203637"}
)

func mnistFile(name string, size int64, sha, md string) File {
	urls := make([]string, len(MNISTMirrors))
	for i, m := range MNISTMirrors {
		urls[i] = m + name
	}
	return File{Name: name, Subdir: "mnist", Size: size, SHA256: sha, MD5: md, URLs: urls}
}
