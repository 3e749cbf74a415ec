package samplers

// Window is a metric-adaptation window: the positions of warm-up
// iterations Start, ..., End-1 (0-based) feed one estimate, and the metric
// is updated after iteration End-1.
type Window struct{ Start, End int }

// Stan's default warm-up buffers.
const (
	DefaultInitBuffer = 75
	DefaultTermBuffer = 50
	DefaultBaseWindow = 25
)

// WindowSchedule returns Stan's metric-adaptation windows for numWarmup
// iterations (windowed_adaptation.hpp): a fast initial buffer of initBuffer
// iterations, slow windows starting at baseWindow and doubling, the last one
// stretched to end termBuffer iterations before the end of warm-up. When
// initBuffer + baseWindow + termBuffer exceeds numWarmup the buffers become
// 15 %, 75 % and 10 % of it; below 20 iterations there is no metric
// adaptation (nil). Zero arguments take Stan's defaults 75, 50 and 25.
func WindowSchedule(numWarmup, initBuffer, termBuffer, baseWindow int) []Window {
	if initBuffer == 0 {
		initBuffer = DefaultInitBuffer
	}
	if termBuffer == 0 {
		termBuffer = DefaultTermBuffer
	}
	if baseWindow == 0 {
		baseWindow = DefaultBaseWindow
	}
	if numWarmup < 20 {
		return nil
	}
	if initBuffer+baseWindow+termBuffer > numWarmup {
		initBuffer = int(0.15 * float64(numWarmup))
		termBuffer = int(0.1 * float64(numWarmup))
		baseWindow = numWarmup - (initBuffer + termBuffer)
	}
	last := numWarmup - termBuffer - 1 // the last iteration of the last window
	var ws []Window
	size := baseWindow
	start := initBuffer
	end := initBuffer + size - 1 // the last iteration of the current window
	for end < numWarmup {
		ws = append(ws, Window{Start: start, End: end + 1})
		if end == last {
			break
		}
		start = end + 1
		size *= 2
		next := end + size
		if next != last && next+2*size >= numWarmup-termBuffer {
			next = last
		}
		end = next
	}
	return ws
}
