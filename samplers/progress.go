package samplers

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/bayesnn-go/bayesnn/panics"
)

// progress prints a line about once a second: iterations done, samples per
// second, mean acceptance, divergences and the estimated time left.
// Divergences after warm-up (the ones that bias the draws, and the count
// diag.Summarize warns about) are shown apart from warm-up's, which are
// common while the step size is still being found.
type progress struct {
	mu        sync.Mutex
	w         io.Writer
	total     int
	done      int
	acceptSum float64
	div       int // divergent transitions after warm-up
	divWarm   int // divergent transitions during warm-up
	start     time.Time
	quit      chan struct{}
	finished  chan struct{}
	stopOnce  sync.Once
	err       error // a panic in the writer, set before finished is closed
}

func newProgress(w io.Writer, total int) *progress {
	p := &progress{w: w, total: total, start: time.Now(), quit: make(chan struct{}), finished: make(chan struct{})}
	go func() {
		defer close(p.finished)
		defer func() {
			if v := recover(); v != nil {
				p.err = panics.New("samplers: progress writer", v)
			}
		}()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-tick.C:
				p.print("\r")
			case <-p.quit:
				p.print("\r")
				fmt.Fprintln(p.w)
				return
			}
		}
	}()
	return p
}

// add counts one iteration; warm says whether it was a warm-up one.
func (p *progress) add(info DrawStats, warm bool) {
	p.mu.Lock()
	p.done++
	p.acceptSum += info.AcceptStat
	if info.Divergent {
		if warm {
			p.divWarm++
		} else {
			p.div++
		}
	}
	p.mu.Unlock()
}

func (p *progress) print(prefix string) {
	p.mu.Lock()
	done, acc, div, divWarm := p.done, p.acceptSum, p.div, p.divWarm
	p.mu.Unlock()
	el := time.Since(p.start).Seconds()
	rate := float64(done) / el
	eta := "?"
	if rate > 0 {
		eta = (time.Duration(float64(p.total-done)/rate) * time.Second).Round(time.Second).String()
	}
	meanAcc := 0.0
	if done > 0 {
		meanAcc = acc / float64(done)
	}
	fmt.Fprintf(p.w, "%s%d/%d iterations (%3.0f%%) | %.0f it/s | accept %.2f | %d divergent after warm-up, %d in warm-up | ETA %s   ",
		prefix, done, p.total, 100*float64(done)/float64(max(p.total, 1)), rate, meanAcc, div, divWarm, eta)
}

// stop ends the printing (it may be called again) and returns the panic
// of the writer, if any.
func (p *progress) stop() error {
	p.stopOnce.Do(func() { close(p.quit) })
	<-p.finished
	return p.err
}
