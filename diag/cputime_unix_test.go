//go:build unix

package diag

import "syscall"

// cpuSeconds returns the CPU time (user and system) this process has used;
// on a shared machine it measures a benchmark's work better than wall time.
func cpuSeconds() float64 {
	var u syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &u) != nil {
		return 0
	}
	return float64(u.Utime.Sec+u.Stime.Sec) + float64(u.Utime.Usec+u.Stime.Usec)*1e-6
}
