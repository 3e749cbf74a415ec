package smoke

// Hello returns a fixed greeting naming the module, so that a notebook can
// show that it linked against this repository's code.
func Hello() string {
	return "hello from github.com/bayesnn-go/bayesnn"
}
