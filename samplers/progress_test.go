package samplers

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestProgressSeparatesWarmupDivergences (issue 21, item 10): the line
// showed 71 divergences for a run with 1 after warm-up; warm-up's are now
// counted apart.
func TestProgressSeparatesWarmupDivergences(t *testing.T) {
	var buf bytes.Buffer
	p := &progress{w: &buf, total: 10, start: time.Now()}
	for i := 0; i < 10; i++ {
		warm := i < 6
		p.add(DrawStats{Divergent: i < 4 || i == 8, AcceptStat: 0.5}, warm)
	}
	p.print("")
	line := buf.String()
	if !strings.Contains(line, "1 divergent after warm-up, 4 in warm-up") {
		t.Errorf("progress line %q, want 1 divergence after warm-up and 4 in it", line)
	}
}
