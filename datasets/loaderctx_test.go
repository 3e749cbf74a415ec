package datasets

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestLoadersHonourContext: a stalled mirror (it accepts the request and
// never answers) no longer blocks a loader for the client's 10 minutes: the
// caller's deadline ends the download.
func TestLoadersHonourContext(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	stalled := func(f File) File {
		f.URLs = []string{srv.URL + "/" + f.Name, srv.URL + "/mirror2/" + f.Name}
		return f
	}
	l := Loader{OnlyDirs: true, CacheDir: t.TempDir(),
		Files: []File{stalled(BostonNPZFile), stalled(MNISTTestImagesFile), stalled(MNISTTestLabelsFile)}}
	for name, load := range map[string]func(ctx context.Context) error{
		"Boston":    func(ctx context.Context) error { _, err := l.Boston(ctx); return err },
		"BostonAll": func(ctx context.Context) error { _, err := l.BostonAll(ctx); return err },
		"MNIST":     func(ctx context.Context) error { _, err := l.MNIST(ctx, MNISTTest, 10); return err },
	} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		start := time.Now()
		err := load(ctx)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%s: error %v, want the context's deadline", name, err)
		}
		if el := time.Since(start); el > 5*time.Second {
			t.Errorf("%s: returned after %v", name, el)
		}
	}
}
