// Package cmdstan writes and reads CmdStan's CSV output, so that a run of
// samplers.Sample travels to Stan's tools (rstan's read_stan_csv, cmdstanr,
// CmdStanPy, ArviZ's from_cmdstan, posterior) and CmdStan's own output
// comes back to diag and plotting.
//
// Writer is a samplers.Recorder: set as Options.Recorder it streams one file
// per chain, in CmdStan 2.26's layout, while the chains run. Its file names
// and header ids count chains globally (Options.FirstChain+c+1), so the
// shards of one run can share a directory. Read reads CmdStan's files (any
// version from 2.19 on) or ours into a *samplers.Trace.
package cmdstan
