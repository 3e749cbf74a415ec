package smoke

import (
	"strings"
	"testing"
)

func TestHelloNamesModule(t *testing.T) {
	got := Hello()
	if !strings.Contains(got, "github.com/bayesnn-go/bayesnn") {
		t.Errorf("Hello() = %q, want it to name the module", got)
	}
}
