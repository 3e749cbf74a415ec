// Command loofixtures writes the pointwise log-likelihood matrices of the
// PSIS-LOO fixtures (diag/testdata/loo/*.csv) from fixed-seed NUTS runs. R's
// loo then computes the reference results from them (make_fixtures.R). Run
// from the repository root:
//
//	go run ./cmd/loofixtures
//	Rscript diag/testdata/loo/make_fixtures.R
//
// Values are written to 12 significant digits, which both R and the tests
// read. The matrices, not this program, are the fixtures: the tests read the CSV
// files, so a change of sampler does not change what they check.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/bayesnn-go/bayesnn/autodiff"
	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/models"
	"github.com/bayesnn-go/bayesnn/samplers"
)

const (
	chains = 4
	draws  = 1000 // a product of 2s, 3s and 5s: see make_fixtures.R
	seed   = 13
)

func main() {
	pdb := flag.String("posteriordb", "../shared/posteriordb", "posteriordb folder")
	out := flag.String("out", "diag/testdata/loo", "output folder")
	flag.Parse()

	// Eight schools, non-centred (posteriordb), and complete pooling.
	m, err := models.PosteriorDB(filepath.Join(*pdb, "eight_schools-eight_schools_noncentered"))
	if err != nil {
		log.Fatal(err)
	}
	y := []float64{28, 8, -3, 7, -1, 1, 18, 12}
	sigma := []float64{15, 10, 16, 11, 9, 11, 10, 18}
	tr := sample(m.LogDensity, m.Dim, m.Unconstrained)
	write(*out, "eight_schools", tr, func(p []float64) []float64 {
		theta := m.Constrain(nil, p)[:len(y)]
		ll := make([]float64, len(y))
		for j := range y {
			ll[j] = normalLogPdf(y[j], theta[j], sigma[j])
		}
		return ll
	})
	pooled := func(t *ad.Tape, p *ad.Var) *ad.Var {
		lp := ad.NormalLogPdf(t.Const(y), p, t.Const(sigma))
		return ad.Add(lp, ad.NormalLogPdf(p, t.Scalar(0), t.Scalar(5)))
	}
	write(*out, "eight_schools_pooled", sample(pooled, 1, []string{"mu"}), func(p []float64) []float64 {
		ll := make([]float64, len(y))
		for j := range y {
			ll[j] = normalLogPdf(y[j], p[0], sigma[j])
		}
		return ll
	})

	// 24 observations from N(0, 1), observation 17 replaced by a gross
	// outlier, fitted by a normal and by a Student-t likelihood (scale 1).
	rng := rand.New(rand.NewPCG(2026, 13))
	obs := make([]float64, 24)
	for i := range obs {
		obs[i] = rng.NormFloat64()
	}
	obs[16] = 12
	normal := func(t *ad.Tape, p *ad.Var) *ad.Var {
		lp := ad.NormalLogPdf(t.Const(obs), p, t.Scalar(1))
		return ad.Add(lp, ad.NormalLogPdf(p, t.Scalar(0), t.Scalar(10)))
	}
	write(*out, "outlier_normal", sample(normal, 1, []string{"mu"}), func(p []float64) []float64 {
		ll := make([]float64, len(obs))
		for i := range obs {
			ll[i] = normalLogPdf(obs[i], p[0], 1)
		}
		return ll
	})
	const nu = 3
	student := func(t *ad.Tape, p *ad.Var) *ad.Var {
		lp := ad.StudentTLogPdf(t.Const(obs), t.Scalar(nu), p, t.Scalar(1))
		return ad.Add(lp, ad.NormalLogPdf(p, t.Scalar(0), t.Scalar(10)))
	}
	write(*out, "outlier_student", sample(student, 1, []string{"mu"}), func(p []float64) []float64 {
		ll := make([]float64, len(obs))
		for i := range obs {
			ll[i] = studentTLogPdf(obs[i], nu, p[0], 1)
		}
		return ll
	})
}

// sample runs NUTS on f at the fixed seed.
func sample(f ad.Func, dim int, names []string) *samplers.Trace {
	t, err := autodiff.NewTarget(f, make([]float64, dim), names)
	if err != nil {
		log.Fatal(err)
	}
	tr, err := samplers.Sample(context.Background(), t, samplers.Options{Chains: chains, Draws: draws, Seed: seed})
	if err != nil {
		log.Fatal(err)
	}
	if n := tr.Divergences(); n > 0 {
		log.Printf("%v: %d divergences", names, n)
	}
	return tr
}

// write saves the pointwise log-likelihood of every draw of tr as
// out/name.csv: columns chain (1-based), draw (1-based), then one per
// observation.
func write(out, name string, tr *samplers.Trace, ll func(p []float64) []float64) {
	var b strings.Builder
	for c := range tr.Chains {
		for d := range tr.NumDraws() {
			i := (c*tr.Draws + tr.Warmup + d) * tr.Dim
			row := ll(tr.Samples[i : i+tr.Dim])
			if c == 0 && d == 0 {
				b.WriteString("chain,draw")
				for j := range row {
					fmt.Fprintf(&b, ",y%d", j+1)
				}
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%d,%d", c+1, d+1)
			for _, v := range row {
				b.WriteByte(',')
				b.WriteString(strconv.FormatFloat(v, 'g', 12, 64))
			}
			b.WriteByte('\n')
		}
	}
	if err := os.WriteFile(filepath.Join(out, name+".csv"), []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

func normalLogPdf(x, mu, sigma float64) float64 {
	z := (x - mu) / sigma
	return -0.5*z*z - math.Log(sigma) - 0.5*math.Log(2*math.Pi)
}

func studentTLogPdf(x, nu, mu, sigma float64) float64 {
	z := (x - mu) / sigma
	lg1, _ := math.Lgamma((nu + 1) / 2)
	lg2, _ := math.Lgamma(nu / 2)
	return lg1 - lg2 - 0.5*math.Log(nu*math.Pi) - math.Log(sigma) - (nu+1)/2*math.Log1p(z*z/nu)
}
