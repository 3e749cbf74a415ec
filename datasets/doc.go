// Package datasets provides the data sets and simulators of the bayesnn
// tutorials: Boston housing with the exact tf.keras train/test split, MNIST
// from IDX files, checksummed loading from a directory, the shared folder or a
// download cache, strict CSV and gota DataFrame conversion, a NumPy .npy/.npz
// reader, and seeded simulators with exact log densities (linear-Gaussian
// regression, a 1-D toy curve, random polynomials and a bimodal 2-D Gaussian
// mixture; Neal's funnel, a target with exact draws, is models.Funnel).
//
// Every random thing takes a seed; the same seed gives the same data on every
// platform. Data-dependent failures (a missing file, a bad checksum, a ragged
// CSV row, a truncated IDX file) are returned as errors whose message names
// the file, row and column at fault.
//
// # Where files are found
//
// A [Loader] looks for a file, in order, in its Dirs, in $BAYESNN_DATA, in the
// project's shared/datasets folder (see [SharedDir]), in the GoMNIST module
// directory (MNIST only), and in its cache directory; if the file is found
// nowhere it is downloaded from the canonical mirrors, in order, into the
// cache directory. Every file is checked against its sha256 (or md5) before
// use.
package datasets
