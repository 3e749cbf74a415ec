// Package shard runs one run of many chains as shards on many machines and
// merges them back, bit for bit the single-machine run.
//
// A Job names the whole run: its number of chains, its number of shards,
// the sampler options and the directory (a shared volume, or a path later
// copied to object storage) of the per-chain files. Each shard process
// finds its index with Index (a flag, Kubernetes' JOB_COMPLETION_INDEX of an
// Indexed Job, or Slurm's SLURM_ARRAY_TASK_ID), and Job.Run samples its
// contiguous range of global chains with samplers.Options.FirstChain, so
// that every chain has the random stream it has in one process, and writes
// one CmdStan CSV file per chain (interop/cmdstan's layout; Dir/model_K.csv
// for global chain K−1, id = K in the header). Each file appears whole or
// not at all (written aside, then renamed): a killed shard leaves none of
// its files, and a re-run shard (a replaced pod, a requeued array task)
// overwrites its own.
//
// Job.Merge (or MergeFiles, for files gathered elsewhere) reads the files
// back into one samplers.Trace in global chain order, with the diagnostics
// of diag.Summarize and, for many short chains grouped into superchains,
// diag.NestedRHats; missing or duplicated chains are a *MergeError naming
// them and the shards to run again.
//
// See deploy/ for a Dockerfile, a Kubernetes Indexed Job and a Slurm array
// script that run such a binary.
package shard
