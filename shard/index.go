package shard

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Environment variables Index reads.
const (
	// EnvKubernetes is set by Kubernetes in each pod of an Indexed Job to
	// the pod's completion index, 0 … completions−1.
	EnvKubernetes = "JOB_COMPLETION_INDEX"
	// EnvSlurm is set by Slurm in each task of a job array to its index.
	EnvSlurm = "SLURM_ARRAY_TASK_ID"
	// EnvSlurmMin is the smallest index of the Slurm array; Index subtracts
	// it, so that --array=1-8 gives shards 0 … 7.
	EnvSlurmMin = "SLURM_ARRAY_TASK_MIN"
)

// Index returns the shard index of this process: flag when it is 0 or more
// (a command-line flag, -1 when not given), else JOB_COMPLETION_INDEX
// (Kubernetes Indexed Job), else SLURM_ARRAY_TASK_ID less
// SLURM_ARRAY_TASK_MIN (Slurm job array). None of them, or a value that is
// not a non-negative integer, is an error naming the variable.
func Index(flag int) (int, error) {
	return indexFrom(flag, os.Getenv)
}

func indexFrom(flag int, getenv func(string) string) (int, error) {
	if flag >= 0 {
		return flag, nil
	}
	if flag != -1 {
		return 0, fmt.Errorf("shard: shard index flag %d, must be 0 or more (-1: from the environment)", flag)
	}
	parse := func(name string) (int, error) {
		v := strings.TrimSpace(getenv(name))
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 {
			return 0, fmt.Errorf("shard: %s=%q is not a non-negative integer", name, v)
		}
		return i, nil
	}
	if getenv(EnvKubernetes) != "" {
		return parse(EnvKubernetes)
	}
	if getenv(EnvSlurm) != "" {
		i, err := parse(EnvSlurm)
		if err != nil {
			return 0, err
		}
		if getenv(EnvSlurmMin) != "" {
			lo, err := parse(EnvSlurmMin)
			if err != nil {
				return 0, err
			}
			if i < lo {
				return 0, fmt.Errorf("shard: %s=%d is below %s=%d", EnvSlurm, i, EnvSlurmMin, lo)
			}
			i -= lo
		}
		return i, nil
	}
	return 0, fmt.Errorf("shard: no shard index: give the flag, or run as a Kubernetes Indexed Job (%s) or a Slurm job array (%s)",
		EnvKubernetes, EnvSlurm)
}
