package samplers

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

// TestKernelDefaultIsNUTS: a nil Options.Kernel and NUTS with Stan's
// defaults spelled out give the same draws, bit for bit.
func TestKernelDefaultIsNUTS(t *testing.T) {
	base := Options{Chains: 2, Warmup: 100, Draws: 50, Seed: 4}
	a, err := Sample(context.Background(), corrNormal(0.5), base)
	if err != nil {
		t.Fatal(err)
	}
	o := base
	o.Kernel = NUTS{MaxTreeDepth: 10}
	b, err := Sample(context.Background(), corrNormal(0.5), o)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a.Samples, b.Samples) {
		t.Error("Kernel nil and NUTS{MaxTreeDepth: 10} give different draws")
	}
}

// TestKernelSettingsApply: the settings in the kernel value are the ones
// Sample runs with.
func TestKernelSettingsApply(t *testing.T) {
	tr, err := Sample(context.Background(), corrNormal(0.5), Options{Chains: 1, Warmup: 50, Draws: 50, Seed: 1,
		Kernel: NUTS{MaxTreeDepth: 2}, StepSize: 0.01, WarmupOptions: WarmupOptions{FixedStepSize: true}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range tr.Stats {
		if st.TreeDepth > 2 {
			t.Fatalf("tree depth %d with NUTS{MaxTreeDepth: 2}", st.TreeDepth)
		}
	}
	tr, err = Sample(context.Background(), corrNormal(0.5), Options{Chains: 1, Warmup: 50, Draws: 50, Seed: 1,
		Kernel: HMC{Steps: 3}})
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range tr.Stats {
		if st.NLeapfrog != 3 && !st.Divergent {
			t.Fatalf("%d leapfrog steps with HMC{Steps: 3}", st.NLeapfrog)
		}
	}
}

// TestKernelErrors: bad kernel settings and checkpoints of a custom kernel
// give errors that name the problem.
func TestKernelErrors(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		want string
	}{
		{Options{Kernel: NUTS{MaxTreeDepth: -1}}, "tree depth is negative"},
		{Options{Kernel: HMC{Steps: -2}}, "number of steps is negative"},
		{Options{Kernel: MALA{StepSize: 0.1}, Checkpoint: t.TempDir() + "/ck"}, "checkpoints need a built-in kernel"},
	} {
		_, err := Sample(context.Background(), corrNormal(0.5), tc.o)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%T: error %v, want one mentioning %q", tc.o.Kernel, err, tc.want)
		}
	}
}
