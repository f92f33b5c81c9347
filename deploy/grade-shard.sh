#!/bin/sh
# Grades one shard of the submissions: the Kubernetes Indexed Job sets
# JOB_COMPLETION_INDEX (0 … N−1); SHARDS is N. Writes
# $RESULTS/shard-<index>/{gradebook.csv,manual.csv,results.jsonl,review-labNN.html}.
set -eu
: "${SHARDS:?set SHARDS to the number of shards}"
INDEX="${JOB_COMPLETION_INDEX:-0}"
SUBMISSIONS="${SUBMISSIONS:-/submissions}"
RESULTS="${RESULTS:-/results}"
exec deno task grade --shard "$((INDEX + 1))/$SHARDS" ${SEED:+--seed "$SEED"} \
  --out "$RESULTS/shard-$INDEX/gradebook.csv" "$SUBMISSIONS"
