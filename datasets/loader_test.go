package datasets

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// mirrors starts a good mirror serving shared/datasets/mnist, a corrupt
// mirror serving the same names with one byte flipped, and returns them
// with a counter of requests to each.
func mirrors(t *testing.T) (good, corrupt *httptest.Server, nGood, nCorrupt *atomic.Int64) {
	t.Helper()
	dir := filepath.Join(sharedDir(t), "mnist")
	nGood, nCorrupt = new(atomic.Int64), new(atomic.Int64)
	good = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nGood.Add(1)
		http.FileServer(http.Dir(dir)).ServeHTTP(w, r)
	}))
	corrupt = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nCorrupt.Add(1)
		b, err := os.ReadFile(filepath.Join(dir, filepath.Base(r.URL.Path)))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		b[len(b)/2] ^= 0xff
		w.Write(b)
	}))
	t.Cleanup(good.Close)
	t.Cleanup(corrupt.Close)
	return good, corrupt, nGood, nCorrupt
}

func withURLs(f File, bases ...string) File {
	f.URLs = nil
	for _, b := range bases {
		f.URLs = append(f.URLs, b+"/"+f.Name)
	}
	return f
}

func TestLoaderDownloadMNISTMirrorsInOrder(t *testing.T) {
	good, corrupt, nGood, nCorrupt := mirrors(t)
	cache := t.TempDir()
	var log bytes.Buffer
	l := Loader{
		OnlyDirs: true,
		CacheDir: cache,
		Log:      &log,
		Files: []File{
			withURLs(MNISTTestImagesFile, corrupt.URL, good.URL),
			withURLs(MNISTTestLabelsFile, corrupt.URL, good.URL),
		},
	}
	m, err := l.MNIST(context.Background(), MNISTTest, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Labels, []uint8{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}) {
		t.Errorf("labels %v", m.Labels)
	}
	// Each file: the corrupt mirror first (rejected), then the good one.
	if nCorrupt.Load() != 2 || nGood.Load() != 2 {
		t.Errorf("requests: corrupt %d, good %d; want 2 and 2", nCorrupt.Load(), nGood.Load())
	}
	if strings.Count(log.String(), "downloading") != 4 {
		t.Errorf("log:\n%s", log.String())
	}
	for _, f := range []File{MNISTTestImagesFile, MNISTTestLabelsFile} {
		if err := f.Verify(filepath.Join(cache, f.Name)); err != nil {
			t.Errorf("cached %s: %v", f.Name, err)
		}
	}
	entries, _ := os.ReadDir(cache)
	if len(entries) != 2 {
		t.Errorf("cache holds %d entries, want 2 (no partial files)", len(entries))
	}
	// Second load comes from the cache: no new request, even offline.
	l.Offline = true
	if _, err := l.MNIST(context.Background(), MNISTTest, 1); err != nil {
		t.Fatal(err)
	}
	if nGood.Load()+nCorrupt.Load() != 4 {
		t.Error("cached files were downloaded again")
	}
}

func TestLoaderChecksumFailure(t *testing.T) {
	_, corrupt, _, _ := mirrors(t)
	cache := t.TempDir()
	missing := httptest.NewServer(http.NotFoundHandler())
	defer missing.Close()
	l := Loader{OnlyDirs: true, CacheDir: cache}
	_, err := l.Fetch(context.Background(), withURLs(MNISTTestLabelsFile, corrupt.URL, missing.URL))
	if err == nil {
		t.Fatal("a corrupt download was accepted")
	}
	var ce *ChecksumError
	if !errors.As(err, &ce) || ce.What != "sha256" {
		t.Errorf("want a sha256 ChecksumError in %v", err)
	}
	for _, w := range []string{"t10k-labels-idx1-ubyte.gz", "sha256 mismatch", "404", corrupt.URL, missing.URL} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not mention %q", err, w)
		}
	}
	if entries, _ := os.ReadDir(cache); len(entries) != 0 {
		t.Errorf("cache keeps %d files after a failed download", len(entries))
	}
	// A corrupt md5-only entry is caught too.
	f := withURLs(MNISTTestLabelsFile, corrupt.URL)
	f.SHA256, f.Size = "", 0
	if _, err := l.Fetch(context.Background(), f); !errors.As(err, &ce) || ce.What != "md5" {
		t.Errorf("md5-only: %v", err)
	}
}

func TestLoaderBostonNPZDownload(t *testing.T) {
	npz := writeBostonNPZ(t, "")
	sum := sha256.Sum256(npz)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(npz)
	}))
	defer srv.Close()
	f := BostonNPZFile
	f.SHA256, f.Size = hex.EncodeToString(sum[:]), int64(len(npz))
	f.URLs = []string{srv.URL + "/boston_housing.npz"}
	l := Loader{OnlyDirs: true, CacheDir: t.TempDir(), Files: []File{f}}
	got, err := l.Boston(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := bostonSplit(t)
	if got.Train.Len() != 404 || got.Test.Y[0] != want.Test.Y[0] || got.Train.X[403][12] != want.Train.X[403][12] {
		t.Errorf("npz download path gives a different split")
	}
	// The real catalog entry rejects this (non-canonical) npz.
	l2 := Loader{OnlyDirs: true, CacheDir: t.TempDir(), Files: []File{{Name: f.Name, SHA256: BostonNPZFile.SHA256, URLs: f.URLs}}}
	if _, err := l2.Boston(context.Background()); err == nil || !strings.Contains(err.Error(), "sha256 mismatch") {
		t.Errorf("canonical checksum: err = %v", err)
	}
}

func TestLoaderLocalFiles(t *testing.T) {
	// A corrupt copy in a data directory is an error, not silently skipped.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, BostonCSVFile.Name), []byte("CRIM\n1\n"), 0o644)
	l := Loader{Dirs: []string{dir}, OnlyDirs: true, Offline: true, CacheDir: t.TempDir()}
	_, err := l.Boston(context.Background())
	var ce *ChecksumError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), dir) {
		t.Errorf("corrupt local file: err = %v", err)
	}
	// Nothing anywhere and offline: an error naming the file and the search.
	empty := t.TempDir()
	l = Loader{Dirs: []string{empty}, OnlyDirs: true, Offline: true, CacheDir: t.TempDir()}
	if _, err := l.MNIST(context.Background(), MNISTTest, 1); err == nil || !strings.Contains(err.Error(), "t10k-images-idx3-ubyte.gz not found") || !strings.Contains(err.Error(), empty) {
		t.Errorf("offline, missing: err = %v", err)
	}
	// A file with no URL cannot be downloaded.
	l.Offline = false
	if _, err := l.Fetch(context.Background(), BostonCSVFile); err == nil || !strings.Contains(err.Error(), "no download URL") {
		t.Errorf("no URL: err = %v", err)
	}
	// A bad cache copy is replaced rather than trusted (here: offline, so
	// reported missing).
	cache := t.TempDir()
	os.WriteFile(filepath.Join(cache, MNISTTestLabelsFile.Name), []byte("junk"), 0o644)
	l = Loader{OnlyDirs: true, Offline: true, CacheDir: cache}
	if p, err := l.Locate(MNISTTestLabelsFile); p != "" || err != nil {
		t.Errorf("junk in cache: Locate = %q, %v", p, err)
	}
	// Cancelled context: no request is made.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	l.Offline = false
	if _, err := l.Fetch(ctx, withURLs(MNISTTestLabelsFile, "http://127.0.0.1:1")); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestSearchDirs(t *testing.T) {
	shared := sharedDir(t)
	env := t.TempDir()
	t.Setenv(EnvDataDir, env)
	d := SearchDirs()
	if len(d) == 0 || d[0] != env {
		t.Fatalf("SearchDirs = %v, want %s first", d, env)
	}
	if s, _ := SharedDir(); s != env {
		t.Errorf("SharedDir = %s, want %s", s, env)
	}
	// The walk up from the package directory finds the shared folder next.
	if len(d) < 2 || !isFile(filepath.Join(d[1], BostonCSVFile.Name)) {
		t.Errorf("walk-up did not find shared/datasets: %v", d)
	}
	t.Setenv(EnvDataDir, filepath.Join(env, "does-not-exist"))
	if d := SearchDirs(); len(d) != 1 || d[0] == env {
		t.Errorf("non-existent $%s kept: %v", EnvDataDir, d)
	}
	// From a directory outside the project, the walk starts at $GONB_DIR.
	t.Chdir(t.TempDir())
	t.Setenv(EnvDataDir, "")
	t.Setenv("GONB_DIR", "")
	if d := SearchDirs(); len(d) != 0 {
		t.Fatalf("outside the project: SearchDirs = %v", d)
	}
	if _, err := SharedDir(); err == nil || !strings.Contains(err.Error(), EnvDataDir) {
		t.Errorf("SharedDir outside the project: err = %v", err)
	}
	t.Setenv("GONB_DIR", filepath.Dir(filepath.Dir(shared))) // the folder holding shared/
	if got := SearchDirs(); len(got) != 1 || got[0] != shared {
		t.Errorf("via $GONB_DIR: SearchDirs = %v, want [%s]", got, shared)
	}
	// Default (non-OnlyDirs) loader finds Boston via $BAYESNN_DATA.
	t.Setenv(EnvDataDir, shared)
	l := Loader{Offline: true, CacheDir: t.TempDir()}
	if s, err := l.Boston(context.Background()); err != nil || s.Test.Len() != 102 {
		t.Errorf("default loader: %v", err)
	}
}
