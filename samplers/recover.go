package samplers

import (
	"fmt"

	"github.com/bayesnn-go/bayesnn/internal/panics"
)

// PanicError is a panic in the user's code — a log density, a callback, a
// compiled function's re-recording, a CSV writer — that Sample or smc.Run
// recovered and returned as an error instead of ending the process. Where
// names the chain (or the smc stage and particle), Value is the value passed
// to panic and Stack the stack of the goroutine where it happened. A panic
// in one chain cancels the others. Find it with errors.As.
type PanicError = panics.Error

// chainWhere names chain c in a PanicError.
func chainWhere(c int) string { return fmt.Sprintf("samplers: chain %d", c) }
