package main

// peer is a Go alternative measured in the same run (see peers_*.go).
type peer struct {
	name string
	run  func(repeats int) []Row
}

// peers is filled by the peers_*.go files.
var peers []peer
