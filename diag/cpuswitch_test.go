//go:build amd64 && !purego

package diag

import (
	"os"
	"os/exec"
	"testing"
)

// TestGODEBUGSelectsPortableCode checks the run-time switch the README
// documents: GODEBUG=cpu.avx2=off (or cpu.all=off) makes golang.org/x/sys/cpu
// report no AVX2, and the package then runs its portable Go loops, as with
// -tags purego. The test runs itself again in a child process with the
// setting.
func TestGODEBUGSelectsPortableCode(t *testing.T) {
	if os.Getenv("BAYESNN_CPUSWITCH_CHILD") != "" {
		if useLagKernel {
			t.Fatal("assembly selected under GODEBUG=" + os.Getenv("GODEBUG"))
		}
		return
	}
	for _, setting := range []string{"cpu.avx2=off", "cpu.all=off"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestGODEBUGSelectsPortableCode$", "-test.count=1")
		cmd.Env = append(os.Environ(), "BAYESNN_CPUSWITCH_CHILD=1", "GODEBUG="+setting)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("GODEBUG=%s: %v\n%s", setting, err, out)
		}
	}
}
