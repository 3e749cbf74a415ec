// Package arviz writes a run as ArviZ's InferenceData, the format in which
// Python users of PyMC, NumPyro and nutpie look at posteriors: a zarr (v2)
// directory store with ArviZ's groups (posterior, sample_stats,
// log_likelihood, posterior_predictive, observed_data, and the warm-up groups
// when the warm-up draws were kept), chain and draw dimensions, and the
// parameters as named arrays with their shapes and coordinates.
//
// The chunks are uncompressed, so any zarr v2 reader opens the store:
// arviz.from_zarr, xarray.open_zarr (Debian's python3-xarray and
// python3-zarr are enough), or zarr.open.
package arviz
