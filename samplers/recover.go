package samplers

import "fmt"

// chainWhere names chain c in the *panics.Error that a panic in the user's
// code (a log density, a callback, a CSV writer) becomes: Sample recovers
// it, cancels the other chains and returns it; find it with errors.As.
func chainWhere(c int) string { return fmt.Sprintf("samplers: chain %d", c) }
