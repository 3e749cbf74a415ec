package datasets

import (
	"math"
	"os"
	"path/filepath"
	"testing"
)

// sharedDir returns the project's shared/datasets folder, which CI places
// beside the checkout.
func sharedDir(t testing.TB) string {
	t.Helper()
	d, err := SharedDir()
	if err != nil {
		t.Fatalf("shared data folder needed by this test: %v", err)
	}
	return d
}

func sharedFile(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(sharedDir(t), filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("shared file missing: %v", err)
	}
	return p
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
