package samplers

import "io"

// Progress is Sample's progress line (iterations done, iterations per
// second, mean acceptance, divergences, time left), for the loops of
// other samplers (package sgmcmc) so that every run prints the same line.
// A nil *Progress is silent: NewProgress returns nil for a nil writer.
type Progress struct{ p *progress }

// NewProgress starts printing a progress line to w about once a second for
// a run of total iterations; nil w gives a silent nil *Progress.
func NewProgress(w io.Writer, total int) *Progress {
	if w == nil {
		return nil
	}
	return &Progress{p: newProgress(w, total)}
}

// Add counts one iteration with its statistics; warm says whether it was
// a warm-up (burn-in) iteration. It is safe for concurrent use.
func (p *Progress) Add(info DrawStats, warm bool) {
	if p != nil {
		p.p.add(info, warm)
	}
}

// Stop prints the final line (it may be called again) and returns the
// panic of the writer, if any.
func (p *Progress) Stop() error {
	if p == nil {
		return nil
	}
	return p.p.stop()
}
