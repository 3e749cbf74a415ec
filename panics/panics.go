// Package panics turns a panic in code the library runs on a user's behalf
// (a log density, a callback, a Chains implementation), often in a goroutine
// where it would end the process, into an error that carries the panic value
// and the stack where it happened. samplers.Sample, SMC and diag.Summarize
// return such a panic as a *Error; find it with errors.As:
//
//	var pe *panics.Error
//	if errors.As(err, &pe) { fmt.Println(pe.Where, pe.Value) }
package panics

import (
	"fmt"
	"runtime/debug"
)

// Error is a recovered panic. Where names the unit of work that panicked
// (for example "chain 2"), Value is the value passed to panic and Stack the
// panicking goroutine's stack trace.
type Error struct {
	Where string
	Value any
	Stack []byte
}

// New returns the Error for a value v just recovered, with the current
// goroutine's stack. Call it from the deferred function that recovered v,
// so that the stack still shows where the panic happened.
func New(where string, v any) *Error {
	return &Error{Where: where, Value: v, Stack: debug.Stack()}
}

// Error returns "<where>: panic: <value>" followed by the stack.
func (e *Error) Error() string {
	return fmt.Sprintf("%s: panic: %v\n\n%s", e.Where, e.Value, e.Stack)
}

// Unwrap returns the panic value when it is an error (a runtime error, or an
// error the user's code panicked with).
func (e *Error) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Call runs f and returns its error, or an *Error naming where when f panics.
func Call(where string, f func() error) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = New(where, v)
		}
	}()
	return f()
}
