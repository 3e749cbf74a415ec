// Package interop turns the flat parameter names of a samplers.Trace
// (theta[1], L[1,2], sigma) into the named arrays other tools expect: the
// formats themselves are written and read by its subpackages, cmdstan
// (CmdStan's CSV files) and arviz (ArviZ's InferenceData as zarr).
package interop
