"""Opens an InferenceData zarr store written by interop/arviz with xarray and
zarr, and checks every group, variable, dimension, coordinate, dtype and value
against the JSON that the Go test derives from the Trace.

    python3 check_inferencedata.py STORE EXPECTED.json

Prints "ok: ..." lines; exits 1 with "check failed: ..." otherwise.
"""
import json
import sys

import numpy as np
import xarray as xr
import zarr


def fail(msg):
    print("check failed:", msg)
    sys.exit(1)


store, expected = sys.argv[1], json.load(open(sys.argv[2]))
root = zarr.open_consolidated(store, mode="r")
groups = sorted(name for name, _ in root.groups())
if groups != sorted(expected["groups"]):
    fail(f"groups {groups}, want {sorted(expected['groups'])}")
print("ok: groups", " ".join(groups))
for g, e in expected["groups"].items():
    ds = xr.open_zarr(store, group=g, consolidated=True)
    if "created_at" not in ds.attrs or ds.attrs.get("inference_library") != "bayesnn-go":
        fail(f"{g}: attributes {dict(ds.attrs)}")
    if sorted(ds.data_vars) != sorted(e["vars"]):
        fail(f"{g}: variables {sorted(ds.data_vars)}, want {sorted(e['vars'])}")
    if sorted(ds.dims) != sorted(e["coords"]):
        fail(f"{g}: dimensions {sorted(ds.dims)}, want {sorted(e['coords'])}")
    for dim, vals in e["coords"].items():
        if dim not in ds.coords or ds.sizes[dim] != len(vals):
            fail(f"{g}: coordinate {dim} missing or of the wrong size")
        if not np.array_equal(ds[dim].values, np.array(vals, dtype=np.int64)):
            fail(f"{g}: coordinate {dim} = {ds[dim].values}, want {vals}")
    for name, v in e["vars"].items():
        da = ds[name]
        if list(da.dims) != v["dims"] or list(da.shape) != v["shape"]:
            fail(f"{g}/{name}: dims {da.dims} shape {da.shape}, want {v['dims']} {v['shape']}")
        if str(da.dtype) != v["dtype"]:
            fail(f"{g}/{name}: dtype {da.dtype}, want {v['dtype']}")
        want = np.array(v["values"], dtype=v["dtype"]).reshape(v["shape"])
        if not np.array_equal(da.values, want):
            fail(f"{g}/{name}: values differ (max |diff| {np.max(np.abs(da.values.astype(float) - want.astype(float)))})")
    print(f"ok: {g}: {len(e['vars'])} variables ({' '.join(sorted(e['vars']))}), dims {dict(ds.sizes)}, values equal")
