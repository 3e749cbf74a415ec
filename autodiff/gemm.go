package autodiff

import (
	"runtime"
	"sync"
)

// This file holds the matrix-product kernel behind MatMul, Dense and
// Conv2D: C = alpha·op(A)·op(B) + beta·C on row-major slices, blocked in
// k (256) and in column panels, with a register-blocked micro-kernel
// (assembly on amd64, portable Go elsewhere), split over a persistent pool
// of workers for large products (the pool also runs parallelFor). It never allocates once warm, and its
// results do not depend on the number of workers: every element of C is
// computed by one worker, in the same order whatever the split.
//
// Kernels, chosen at start-up by CPUID: AVX-512F (4×16 tile, and 4×8 for
// a last panel of at most 8 columns), AVX2+FMA (4×12), portable Go (4×12;
// also with -tags purego). B is read in place when it is not transposed;
// a transposed or partial panel is packed (kc×nr, zero-padded), and the
// leftover rows of A (m mod 4) are packed once per k-block.
//
// Measured GFLOP/s (2mnk/time, one core, go test -bench Gemm -cpu 1;
// development machine: 2-core AMD EPYC with AVX-512, shared and noisy, so
// ±30%; gonum v0.17.0 Dgemm for reference):
//
//	product (m×n×k)          AVX-512  AVX2   gonum
//	MLP fwd 100×50×50           53      39     5.3
//	MLP dA 100×50×50 (Bᵀ)       36      20     5.0
//	MLP dB 50×50×100 (Aᵀ)       40      22     4.6
//	conv1 20×576×25             35      29     3.6
//	conv2 50×64×500             36      15-28  2.4
//	conv2 dW 50×500×64 (Bᵀ)     19      20     3.4
//	dense 100×500×800           26      26     4.9
//
// On a quiet Intel Xeon (16-core VM, one core pinned): AVX-512 22-40,
// AVX2 16-28, gonum 3.8-6.9. gonum's Dgemm also allocates (goroutines and
// channels) above 64 in a dimension, which broke the 0 allocs/op goal.
//
// Off amd64 (and with -tags purego) the portable Go kernel runs, not
// gonum's Dgemm: in the arm64 proxy (-tags purego,noasm on amd64, best of
// 4, -cpu 1, heavily loaded machine so ratios only) ours took 1.07/0.77/
// 1.02 ms on the MLP's forward, dA and dB products against gonum's
// 1.18/0.92/1.03, and tied or won on the CNN's forward products; gonum won
// only on the CNN's transposed backward products (1.25-1.6×), where it
// allocates. See BENCHMARKS.md, "GEMM off amd64".

const (
	gemmMR    = 4   // rows of the micro-tile
	gemmNRMax = 16  // columns of the widest micro-tile (AVX-512; AVX2 and Go: 12)
	gemmNRGo  = 12  // columns of the portable micro-tile
	gemmKC    = 256 // depth of a k-block: a packed B panel is kc×nr (≤ 32 KiB)

	// gemmSmall is the work (m·n·k) below which plain loops beat the
	// blocked kernel's packing and calls.
	gemmSmall = 512
	// gemmParMin is the work above which a product is split over the
	// worker pool: waking a parked worker and waiting for it costs tens of
	// µs on a busy machine, and 1e6 multiply-adds take ~70 µs on one core.
	gemmParMin = 1_000_000
)

// gemmScratch is the packing space of one running product.
type gemmScratch struct {
	bp   [gemmKC * gemmNRMax]float64 // packed B panel, k-major: bp[p*nr+j]
	ap   [gemmKC * gemmMR]float64    // packed leftover rows of A: ap[p*mr+i]
	tile [gemmMR * gemmNRMax]float64 // partial tile of C (row stride nr)
}

// scratchPool recycles packing space among callers without allocating in
// the steady state (a channel, not a sync.Pool, so that a GC does not
// drop it).
var scratchPool = make(chan *gemmScratch, 64)

func getScratch() *gemmScratch {
	select {
	case s := <-scratchPool:
		return s
	default:
		return new(gemmScratch)
	}
}

func putScratch(s *gemmScratch) {
	select {
	case scratchPool <- s:
	default:
	}
}

// gemmArgs describes one product (A(i,p) = a[i*sai + p*sap]).
type gemmArgs struct {
	tB       bool
	m, n, k  int
	nr       int // tile width of the kernel
	alpha    float64
	a        []float64
	sai, sap int
	b, c     []float64
	p0, p1   int // range of column panels
}

// gemmFast computes C = alpha*op(A)*op(B) + beta*C on row-major flat
// slices, where op(A) is m×k and op(B) is k×n (gemm's body), splitting
// large products over the worker pool.
func gemmFast(tA, tB bool, m, n, k int, alpha float64, a, b []float64, beta float64, c []float64) {
	gemmImpl(tA, tB, m, n, k, alpha, a, b, beta, c, true)
}

// gemmSerial is gemmFast on the calling goroutine only: for code that
// already runs on the pool (parallelFor), which must not wait on it.
func gemmSerial(tA, tB bool, m, n, k int, alpha float64, a, b []float64, beta float64, c []float64) {
	gemmImpl(tA, tB, m, n, k, alpha, a, b, beta, c, false)
}

func gemmImpl(tA, tB bool, m, n, k int, alpha float64, a, b []float64, beta float64, c []float64, par bool) {
	if m == 0 || n == 0 {
		return
	}
	c = c[:m*n]
	switch beta {
	case 0:
		clear(c)
	case 1:
	default:
		for i := range c {
			c[i] *= beta
		}
	}
	if k == 0 || alpha == 0 {
		return
	}
	sai, sap := k, 1
	if tA {
		sai, sap = 1, m
	}
	work := m * n * k
	if work <= gemmSmall {
		gemmLoops(tB, m, n, k, alpha, a, sai, sap, b, c)
		return
	}
	nr := gemmWidth()
	g := gemmArgs{tB: tB, m: m, n: n, k: k, nr: nr, alpha: alpha, a: a, sai: sai, sap: sap, b: b, c: c}
	panels := (n + nr - 1) / nr
	if par && work >= gemmParMin && panels >= 2 {
		if nw := min(runtime.GOMAXPROCS(0), gemmWorkers+1, panels); nw > 1 {
			gemmParallel(&g, panels, nw)
			return
		}
	}
	g.p0, g.p1 = 0, panels
	s := getScratch()
	gemmPanels(&g, s)
	putScratch(s)
}

// gemmLoops is the plain triple loop for tiny products. Like the blocked
// kernel it forms each dot product in full before adding it to C.
func gemmLoops(tB bool, m, n, k int, alpha float64, a []float64, sai, sap int, b, c []float64) {
	sbp, sbj := n, 1 // B(p, j) = b[p*sbp + j*sbj]
	if tB {
		sbp, sbj = 1, k
	}
	for i := range m {
		ci := c[i*n : i*n+n]
		for j := range ci {
			s := 0.0
			ia, ib := i*sai, j*sbj
			for range k {
				s += a[ia] * b[ib]
				ia += sap
				ib += sbp
			}
			ci[j] += alpha * s
		}
	}
}

// gemmPanels computes the column panels [g.p0, g.p1) of C += alpha·A·B.
func gemmPanels(g *gemmArgs, s *gemmScratch) {
	m, n, k, nr := g.m, g.n, g.k, g.nr
	a, b, c := g.a, g.b, g.c
	mFull := m &^ (gemmMR - 1)
	mRem := m - mFull
	for pc := 0; pc < k; pc += gemmKC {
		kb := min(gemmKC, k-pc)
		if mRem > 0 { // pack the leftover rows of A, zero-padded to mr
			ap := s.ap[:kb*gemmMR]
			clear(ap)
			for i := range mRem {
				ia := (mFull+i)*g.sai + pc*g.sap
				for p := range kb {
					ap[p*gemmMR+i] = a[ia]
					ia += g.sap
				}
			}
		}
		for panel := g.p0; panel < g.p1; panel++ {
			jc := panel * nr
			w := min(nr, n-jc)
			pw, kern := nr, kernel // panel width and its kernel
			if nw := narrowWidth(); w <= nw {
				pw, kern = nw, narrowKernel
			}
			var bb []float64
			var ldb int
			if !g.tB && w == pw && g.alpha == 1 {
				bb, ldb = b[pc*n+jc:], n // B's rows are the panel's rows
			} else {
				bb, ldb = s.bp[:kb*pw], pw
				packB(bb, g, pc, kb, jc, w, pw)
			}
			tile := s.tile[:gemmMR*pw]
			for ic := 0; ic < mFull; ic += gemmMR {
				aa := a[ic*g.sai+pc*g.sap:]
				if w == pw {
					kern(kb, aa, g.sai, g.sap, bb, ldb, c[ic*n+jc:], n)
					continue
				}
				clear(tile)
				kern(kb, aa, g.sai, g.sap, bb, ldb, tile, pw)
				addTile(c[ic*n+jc:], n, tile, pw, gemmMR, w)
			}
			if mRem > 0 {
				clear(tile)
				kern(kb, s.ap[:], 1, gemmMR, bb, ldb, tile, pw)
				addTile(c[mFull*n+jc:], n, tile, pw, mRem, w)
			}
		}
	}
}

// packB copies alpha·op(B)[pc:pc+kb, jc:jc+w] into dst (kb×nr, zero-padded).
func packB(dst []float64, g *gemmArgs, pc, kb, jc, w, nr int) {
	b, alpha := g.b, g.alpha
	if w < nr {
		clear(dst)
	}
	if g.tB { // op(B)(p, j) = b[j*k + p]: four rows of b at a time
		k := g.k
		j := 0
		for ; j+4 <= w; j += 4 {
			o := (jc+j)*k + pc
			b0, b1, b2, b3 := b[o:o+kb], b[o+k:o+k+kb], b[o+2*k:o+2*k+kb], b[o+3*k:o+3*k+kb]
			for p := range b0 {
				d := dst[p*nr+j : p*nr+j+4 : p*nr+j+4]
				d[0], d[1], d[2], d[3] = alpha*b0[p], alpha*b1[p], alpha*b2[p], alpha*b3[p]
			}
		}
		for ; j < w; j++ {
			bj := b[(jc+j)*k+pc : (jc+j)*k+pc+kb]
			for p, v := range bj {
				dst[p*nr+j] = alpha * v
			}
		}
		return
	}
	n := g.n
	for p := range kb {
		row := b[(pc+p)*n+jc : (pc+p)*n+jc+w]
		d := dst[p*nr : p*nr+w]
		for j, v := range row {
			d[j] = alpha * v
		}
	}
}

// addTile adds the rows×w corner of tile (row stride nr) to C.
func addTile(c []float64, ldc int, tile []float64, nr, rows, w int) {
	for i := range rows {
		ci := c[i*ldc : i*ldc+w]
		ti := tile[i*nr : i*nr+w]
		for j, v := range ti {
			ci[j] += v
		}
	}
}

// kernel adds the 4×nr tile product to C, with assembly where available.
func kernel(k int, a []float64, sai, sap int, b []float64, ldb int, c []float64, ldc int) {
	if useKernel {
		microKernel(k, a, sai, sap, b, ldb, c, ldc)
		return
	}
	goKernel(k, a, sai, sap, b, ldb, c, ldc)
}

// goKernel is the portable 4×12 micro-kernel: three 4×4 register blocks.
func goKernel(k int, a []float64, sai, sap int, b []float64, ldb int, c []float64, ldc int) {
	_ = a[3*sai+(k-1)*sap]
	_ = b[(k-1)*ldb+gemmNRGo-1]
	_ = c[3*ldc+gemmNRGo-1]
	for j0 := 0; j0 < gemmNRGo; j0 += 4 {
		var c00, c01, c02, c03, c10, c11, c12, c13 float64
		var c20, c21, c22, c23, c30, c31, c32, c33 float64
		ia, ib := 0, j0
		for range k {
			a0, a1, a2, a3 := a[ia], a[ia+sai], a[ia+2*sai], a[ia+3*sai]
			bp := b[ib : ib+4 : ib+4]
			b0, b1, b2, b3 := bp[0], bp[1], bp[2], bp[3]
			c00 += a0 * b0
			c01 += a0 * b1
			c02 += a0 * b2
			c03 += a0 * b3
			c10 += a1 * b0
			c11 += a1 * b1
			c12 += a1 * b2
			c13 += a1 * b3
			c20 += a2 * b0
			c21 += a2 * b1
			c22 += a2 * b2
			c23 += a2 * b3
			c30 += a3 * b0
			c31 += a3 * b1
			c32 += a3 * b2
			c33 += a3 * b3
			ia += sap
			ib += ldb
		}
		r := c[j0 : j0+4 : j0+4]
		r[0] += c00
		r[1] += c01
		r[2] += c02
		r[3] += c03
		r = c[ldc+j0 : ldc+j0+4 : ldc+j0+4]
		r[0] += c10
		r[1] += c11
		r[2] += c12
		r[3] += c13
		r = c[2*ldc+j0 : 2*ldc+j0+4 : 2*ldc+j0+4]
		r[0] += c20
		r[1] += c21
		r[2] += c22
		r[3] += c23
		r = c[3*ldc+j0 : 3*ldc+j0+4 : 3*ldc+j0+4]
		r[0] += c30
		r[1] += c31
		r[2] += c32
		r[3] += c33
	}
}

// The worker pool: gemmWorkers goroutines started on first use, each with
// its own scratch, fed through preallocated task slots so that a parallel
// product or loop allocates nothing. Workers never wait on anything but
// their task channel, so concurrent callers cannot deadlock them.
var (
	gemmWorkers = min(runtime.NumCPU(), 8) - 1
	poolOnce    sync.Once
	poolTasks   chan *poolTask
	poolSlots   chan *poolTask
)

// poolTask is one unit of work for the pool: the panels of a product, or
// the iterations [lo, hi) of a parallel loop.
type poolTask struct {
	g      gemmArgs
	fn     func(i int)
	lo, hi int
	done   chan struct{}
}

func startPool() {
	poolTasks = make(chan *poolTask, 4*gemmWorkers)
	poolSlots = make(chan *poolTask, 4*gemmWorkers)
	for range 4 * gemmWorkers {
		poolSlots <- &poolTask{done: make(chan struct{}, 1)}
	}
	for range gemmWorkers {
		go func() {
			s := new(gemmScratch)
			for t := range poolTasks {
				t.run(s)
				t.done <- struct{}{}
			}
		}()
	}
}

func (t *poolTask) run(s *gemmScratch) {
	if t.fn == nil {
		t.g.p0, t.g.p1 = t.lo, t.hi
		gemmPanels(&t.g, s)
		return
	}
	for i := t.lo; i < t.hi; i++ {
		t.fn(i)
	}
}

// poolRun splits [0, n) into nw contiguous ranges, hands all but the first
// to the pool (as tasks made by fill) and runs the first itself, and any
// range no slot was free for; then waits for the others.
func poolRun(n, nw int, fill func(t *poolTask), self func(lo, hi int)) {
	poolOnce.Do(startPool)
	var sent [8]*poolTask
	var mine [8]bool
	ns := 0
	mine[0] = true
	for w := 1; w < nw; w++ {
		var t *poolTask
		select {
		case t = <-poolSlots:
		default: // every slot busy (many concurrent callers): do it here
			mine[w] = true
			continue
		}
		fill(t)
		t.lo, t.hi = w*n/nw, (w+1)*n/nw
		poolTasks <- t
		sent[ns] = t
		ns++
	}
	for w := range nw {
		if mine[w] {
			self(w*n/nw, (w+1)*n/nw)
		}
	}
	for _, t := range sent[:ns] {
		<-t.done
		t.g.a, t.g.b, t.g.c, t.fn = nil, nil, nil, nil
		poolSlots <- t
	}
}

// gemmParallel splits the column panels of g over nw workers.
func gemmParallel(g *gemmArgs, panels, nw int) {
	s := getScratch()
	poolRun(panels, nw,
		func(t *poolTask) { t.g, t.fn = *g, nil },
		func(lo, hi int) { g.p0, g.p1 = lo, hi; gemmPanels(g, s) })
	putScratch(s)
}

// parallelFor runs fn(i) for i in [0, n) over the pool (fn must not use
// the pool itself: call gemmSerial inside). The split depends on
// GOMAXPROCS, so fn(i) must not depend on which worker runs it.
func parallelFor(n int, fn func(i int)) {
	nw := min(runtime.GOMAXPROCS(0), gemmWorkers+1, n, 8)
	if nw <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	poolRun(n, nw,
		func(t *poolTask) { t.fn = fn },
		func(lo, hi int) {
			for i := lo; i < hi; i++ {
				fn(i)
			}
		})
}
