#!/usr/bin/env bash
# Run all notebooks as tests (including `slow`: the real-model ones) and print `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
.venv/bin/nbdev_test --n_workers 1 --flags slow --do_print 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
total=$(ls nbs/[0-9]*.ipynb nbs/index.ipynb 2>/dev/null | wc -l)
passed=$(grep -c -- '- Completed' "$log" || true)
failed=$((total - passed))
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
