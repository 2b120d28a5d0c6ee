#!/usr/bin/env bash
# The MPI tests: each script of this folder under `mpirun -n 2` and `--oversubscribe -n 4`
# (every rank asserts; exit 0 = pass), and an error on one rank ending the whole job.
# Usage: Tests/MPI/run.sh NOS_BINARY. Prints "mpi: N passed" or "mpi: skipped (...)".
set -euo pipefail
bin="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if ! command -v mpirun >/dev/null 2>&1; then
  echo "mpi: skipped (no mpirun; apt-get install openmpi-bin)"
  exit 0
fi
# Open MPI refuses root unless told; the tests run as root in containers.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0
for n in 2 4; do
  for s in collectives generators fit; do
    if ! (cd "$tmp" && timeout 600 mpirun --oversubscribe -n "$n" "$bin" "$here/$s.nos") \
      > "$tmp/out" 2>&1; then
      cat "$tmp/out"
      echo "mpi: $s.nos failed with $n ranks" >&2
      exit 1
    fi
    [ "$(grep -c " ok " "$tmp/out")" = "$n" ] || { cat "$tmp/out"; exit 1; }
    passed=$((passed + 1))
  done
done
# The failing rank's error and rank are reported and mpirun exits non-zero, without hanging.
rc=0
(cd "$tmp" && timeout 120 mpirun -n 2 "$bin" "$here/abort.nos") > "$tmp/out" 2>&1 || rc=$?
if [ "$rc" = 0 ] || [ "$rc" = 124 ]; then
  cat "$tmp/out"; echo "mpi: a failing rank did not end the job (exit $rc)" >&2; exit 1
fi
grep -q "rank 1 fails on purpose" "$tmp/out" && grep -q "on rank 1 of 2" "$tmp/out" \
  && ! grep -q "not reached" "$tmp/out" || { cat "$tmp/out"; exit 1; }
passed=$((passed + 1))
echo "mpi: $passed passed"
