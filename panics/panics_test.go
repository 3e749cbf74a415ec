package panics

import (
	"errors"
	"runtime"
	"strings"
	"testing"
)

func TestCall(t *testing.T) {
	if err := Call("job", func() error { return nil }); err != nil {
		t.Fatalf("no panic: got %v", err)
	}
	plain := errors.New("plain")
	if err := Call("job", func() error { return plain }); err != plain {
		t.Fatalf("returned error: got %v", err)
	}
	err := Call("chain 3", func() error {
		var m map[string]int
		m["x"] = 1 // a runtime error
		return nil
	})
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("panic: got %T %v, want *Error", err, err)
	}
	var re runtime.Error
	if !errors.As(err, &re) {
		t.Errorf("the runtime error is not unwrapped from %v", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "chain 3: panic: assignment to entry in nil map") {
		t.Errorf("message %q does not name the work and the panic", msg[:min(len(msg), 80)])
	}
	if !strings.Contains(msg, "panics.TestCall") {
		t.Errorf("the stack does not show the panicking function:\n%s", msg)
	}
}

func TestNonErrorValue(t *testing.T) {
	err := Call("x", func() error { panic(42) })
	var pe *Error
	if !errors.As(err, &pe) || pe.Value != 42 || pe.Unwrap() != nil {
		t.Fatalf("got %#v", err)
	}
}
