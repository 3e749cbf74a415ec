package samplers

import "sync"

// turns bounds how many chains step at once when Options.Parallel is below
// Options.Chains, and makes the chains advance together: iteration it of
// chain c is ticket it·Chains + c, tickets are granted in order, at most
// Parallel at a time. A run cancelled part-way has then made the same
// number of iterations in every chain, give or take one, and keeps them all.
// A chain that stops early leaves, and its tickets are skipped; so are the
// tickets before a chain's first iteration (a run resumed from a
// checkpoint). A nil *turns (every chain at once) does nothing.
type turns struct {
	mu      sync.Mutex
	cond    sync.Cond
	chains  int
	free    int    // turns not held
	next    int    // the next ticket to grant
	left    []bool // chains that have stopped
	holding []bool
	start   []int // each chain's first iteration (nil: all 0)
}

// newTurns returns the turns of chains chains, each starting at its
// iteration in start (nil: all at 0).
func newTurns(parallel, chains int, start []int) *turns {
	if parallel >= chains {
		return nil
	}
	t := &turns{chains: chains, free: parallel, left: make([]bool, chains), holding: make([]bool, chains), start: start}
	t.cond.L = &t.mu
	t.skipLeft()
	return t
}

// take waits for chain c's turn at iteration it, first handing back the
// turn c holds.
func (t *turns) take(c, it int) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.release(c)
	ticket := it*t.chains + c
	for t.next != ticket || t.free == 0 {
		t.cond.Wait()
	}
	t.free--
	t.holding[c] = true
	t.next++
	t.skipLeft()
	t.cond.Broadcast()
}

// leave hands back chain c's turn, if it holds one, and skips its tickets
// from now on.
func (t *turns) leave(c int) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.release(c)
	t.left[c] = true
	t.skipLeft()
	t.cond.Broadcast()
}

func (t *turns) release(c int) {
	if t.holding[c] {
		t.holding[c] = false
		t.free++
		t.cond.Broadcast()
	}
}

// skipLeft moves next past the tickets of chains that have left and those
// before a chain's first iteration.
func (t *turns) skipLeft() {
	for {
		c := t.next % t.chains
		if !t.left[c] && (t.start == nil || t.next/t.chains >= t.start[c]) {
			return
		}
		if t.left[c] {
			// Stop once every chain has left.
			all := true
			for _, l := range t.left {
				all = all && l
			}
			if all {
				return
			}
		}
		t.next++
	}
}
