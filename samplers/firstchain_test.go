package samplers

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/bayesnn-go/bayesnn/density"
)

// shardNormal is a correlated 3-d normal log density.
func shardNormal(grad, x []float64) float64 {
	a, b, c := x[0], x[1]-0.5*x[0], x[2]+x[1]
	grad[0] = -a + 0.5*b
	grad[1] = -b - c
	grad[2] = -c
	return -0.5 * (a*a + b*b + c*c)
}

// TestFirstChainShards checks that chains [a, b) of an N-chain run, run on
// their own with FirstChain = a, have bit for bit the draws, statistics and
// adaptation of those chains in the single run, whatever the parallelism.
func TestFirstChainShards(t *testing.T) {
	target := density.FuncTarget{N: 3, F: shardNormal}
	base := Options{Chains: 8, Warmup: 150, Draws: 100, Seed: 42, Thin: 2, KeepWarmup: true}
	all, err := Sample(context.Background(), target, base)
	if err != nil {
		t.Fatal(err)
	}
	for _, sh := range []struct{ a, b, parallel int }{{0, 3, 0}, {3, 4, 0}, {4, 8, 2}, {5, 7, 1}} {
		o := base
		o.FirstChain, o.Chains, o.Parallel = sh.a, sh.b-sh.a, sh.parallel
		part, err := Sample(context.Background(), target, o)
		if err != nil {
			t.Fatal(err)
		}
		if part.Chains != sh.b-sh.a || part.Draws != all.Draws || part.Warmup != all.Warmup {
			t.Fatalf("shard [%d,%d): %d chains × %d draws (%d warm-up), want %d × %d (%d)",
				sh.a, sh.b, part.Chains, part.Draws, part.Warmup, sh.b-sh.a, all.Draws, all.Warmup)
		}
		n, m := all.Draws*all.Dim, all.Draws
		if !bitsEqual(part.Samples, all.Samples[sh.a*n:sh.b*n]) {
			t.Errorf("shard [%d,%d): draws differ from the single run's", sh.a, sh.b)
		}
		if !reflect.DeepEqual(part.Stats, all.Stats[sh.a*m:sh.b*m]) {
			t.Errorf("shard [%d,%d): statistics differ from the single run's", sh.a, sh.b)
		}
		if !reflect.DeepEqual(part.Adapted, all.Adapted[sh.a:sh.b]) {
			t.Errorf("shard [%d,%d): adaptation differs from the single run's", sh.a, sh.b)
		}
	}
	// A shard is not a relabelled first chain: chain 3 alone differs from chain 0.
	o := base
	o.FirstChain, o.Chains = 3, 1
	one, err := Sample(context.Background(), target, o)
	if err != nil {
		t.Fatal(err)
	}
	if bitsEqual(one.Samples, all.Samples[:all.Draws*all.Dim]) {
		t.Error("chain 3 run alone has chain 0's draws")
	}
	o.FirstChain = -1
	if _, err := Sample(context.Background(), target, o); err == nil {
		t.Error("FirstChain -1: no error")
	}
}

func bitsEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}
