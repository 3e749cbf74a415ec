package datasets

import (
	"path/filepath"
	"testing"
)

// TestSharedChecksums verifies every shared file against the size and
// sha256 of shared/datasets/README.md, and the .gz files also against
// torchvision's md5.
func TestSharedChecksums(t *testing.T) {
	dir := sharedDir(t)
	perm := File{Name: "boston_housing_keras_perm.txt", Size: 1914,
		SHA256: "b7ec28087f2097801b8e865d316987d05fb7324aeaf94b6dd51a9ba552d58e4e"}
	files := []File{BostonCSVFile, perm, MNISTTrainImagesFile, MNISTTrainLabelsFile, MNISTTestImagesFile, MNISTTestLabelsFile}
	for _, f := range files {
		p := filepath.Join(dir, f.Subdir, f.Name)
		if err := f.Verify(p); err != nil {
			t.Error(err)
		}
		if f.MD5 != "" {
			md5only := File{Name: f.Name, MD5: f.MD5}
			if err := md5only.Verify(p); err != nil {
				t.Error(err)
			}
		}
	}
	// The catalog rejects a file that is not the one it names.
	wrong := MNISTTestLabelsFile
	wrong.Name = BostonCSVFile.Name
	wrong.Size = 0
	if err := wrong.Verify(filepath.Join(dir, BostonCSVFile.Name)); err == nil {
		t.Error("a wrong sha256 was accepted")
	}
}

func TestLoadBostonCSV(t *testing.T) {
	s, err := LoadBostonCSV(sharedFile(t, "boston_housing.csv"))
	if err != nil || s.Test.Y[1] != 18.8 {
		t.Fatalf("LoadBostonCSV: %v", err)
	}
	if _, err := LoadBostonCSV(filepath.Join(t.TempDir(), "x.csv")); err == nil {
		t.Error("missing file: no error")
	}
}
