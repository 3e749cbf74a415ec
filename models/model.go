package models

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/autodiff"
	ad "github.com/bayesnn-go/bayesnn/autodiff"
	"github.com/bayesnn-go/bayesnn/density"
)

// Model is a log density on an unconstrained space plus the map to its
// constrained parameters.
type Model struct {
	Name string
	// Dim is the number of unconstrained parameters.
	Dim int
	// Unconstrained names the unconstrained parameters.
	Unconstrained []string
	// LogDensity is the log density on the unconstrained space, Jacobians
	// included.
	LogDensity ad.Func
	// Names names the constrained outputs (posteriordb's names).
	Names []string
	// Constrain maps an unconstrained point to the constrained outputs
	// (len(Names) values) written into dst (allocated if nil).
	Constrain func(dst, x []float64) []float64
}

// Target compiles the log density as a sampler target.
func (m *Model) Target() (density.Target, error) {
	t, err := autodiff.NewTarget(m.LogDensity, make([]float64, m.Dim), m.Unconstrained)
	if err != nil {
		return nil, fmt.Errorf("models: %s: %w", m.Name, err)
	}
	return t, nil
}

// ConstrainDraws maps unconstrained draws (chain × draw × Dim, flat) to
// constrained ones (chain × draw × len(Names), flat).
func (m *Model) ConstrainDraws(samples []float64) []float64 {
	n := len(samples) / m.Dim
	k := len(m.Names)
	out := make([]float64, n*k)
	for i := range n {
		m.Constrain(out[i*k:(i+1)*k], samples[i*m.Dim:(i+1)*m.Dim])
	}
	return out
}

func indexed(base string, n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = fmt.Sprintf("%s[%d]", base, i+1)
	}
	return s
}

func dst(d []float64, n int) []float64 {
	if d == nil {
		return make([]float64, n)
	}
	return d
}
