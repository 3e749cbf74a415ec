package samplers

import (
	"math"
	"reflect"
	"testing"
)

func TestWindowSchedule(t *testing.T) {
	for _, c := range []struct {
		n    int
		want []Window
	}{
		// Stan's default 1000 warm-up iterations: buffers 75 and 50, windows
		// of 25, 50, 100, 200 and the last stretched to end at 950.
		{1000, []Window{{75, 100}, {100, 150}, {150, 250}, {250, 450}, {450, 950}}},
		// 150 = 75 + 25 + 50 exactly: one window.
		{150, []Window{{75, 100}}},
		// 200: after 75..100 a window of 50 would leave 100+50+100 ≥ 150, so
		// it stretches to 150.
		{200, []Window{{75, 100}, {100, 150}}},
		// 100 < 150: the 15/75/10 % split, init 15, term 10, one window of 75.
		{100, []Window{{15, 90}}},
		// Below 20 iterations: no metric adaptation.
		{19, nil},
	} {
		got := WindowSchedule(c.n, 0, 0, 0)
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("WindowSchedule(%d) = %v, want %v", c.n, got, c.want)
		}
	}
}

func TestWindowScheduleInvariants(t *testing.T) {
	for n := 20; n <= 3000; n += 7 {
		ws := WindowSchedule(n, 0, 0, 0)
		if len(ws) == 0 {
			t.Fatalf("n=%d: no windows", n)
		}
		term := DefaultTermBuffer
		if DefaultInitBuffer+DefaultBaseWindow+DefaultTermBuffer > n {
			term = int(0.1 * float64(n))
		}
		for i, w := range ws {
			if w.End <= w.Start || (i > 0 && w.Start != ws[i-1].End) {
				t.Fatalf("n=%d: windows %v not contiguous", n, ws)
			}
		}
		if last := ws[len(ws)-1].End; last != n-term {
			t.Fatalf("n=%d: last window ends at %d, want %d", n, last, n-term)
		}
	}
}

func TestDualAveragingConverges(t *testing.T) {
	// A fake acceptance curve accept(eps) = exp(-eps): the fixed point for
	// delta = 0.8 is eps = -log 0.8 ≈ 0.2231.
	d := NewDualAveraging(0.8, 1)
	eps := 1.0
	for i := 0; i < 2000; i++ {
		eps = d.Update(math.Exp(-eps))
	}
	want := 0.22314355131420976
	if got := d.Final(); got < want*0.98 || got > want*1.02 {
		t.Errorf("final step size %v, want %v within 2 %%", got, want)
	}
}
