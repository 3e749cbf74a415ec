#!/usr/bin/env bash
# A Slurm job array: one task per shard; Slurm sets SLURM_ARRAY_TASK_ID
# (and SLURM_ARRAY_TASK_MIN, which shardrun subtracts). A requeued task
# rewrites its shard's files. OUT must be on a file system all nodes see.
#
#   go build -o shardrun ./cmd/shardrun
#   sbatch deploy/slurm.sh            # extra arguments go to shardrun
#   # when the array is done:
#   ./shardrun -merge -dir "$OUT" -shards 8 -chains 64 -superchains 8
#
#SBATCH --job-name=bayesnn-shards
#SBATCH --array=0-7
#SBATCH --cpus-per-task=1
#SBATCH --mem=1G
#SBATCH --time=01:00:00
#SBATCH --requeue
#SBATCH --output=shard-%a.log
set -euo pipefail
OUT=${OUT:-$PWD/out}
SHARDRUN=${SHARDRUN:-./shardrun}
"$SHARDRUN" -dir "$OUT" -shards 8 -chains 64 -seed 1 "$@"
