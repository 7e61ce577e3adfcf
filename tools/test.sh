#!/usr/bin/env bash
# Run all notebooks as tests (including `slow`: the real-model ones) and print `N passed, N failed`.
# Extra arguments go to nbdev_test (e.g. `--path nbs/03_ria.ipynb`).
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
.venv/bin/nbdev_test --n_workers 1 --flags slow --do_print "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
# nbdev_test prints "Starting <nb>" for each notebook it runs, and lists the failed ones after a header
total=$(grep -c '^Starting ' "$log" || true)
failed=$(sed -n '/^nbdev Tests Failed On The Following Notebooks:/,$p' "$log" | grep -c $'^\t.*\.ipynb' || true)
[ "$rc" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
rm -f "$log"
echo "$((total - failed)) passed, $failed failed"
[ "$rc" -eq 0 ]
