#!/usr/bin/env bash
# Adds up the per-assembly lines of a dotnet test log ("Passed!  - Failed: 0, Passed: 9, Skipped: 0, Total: 9, ...")
# into the one line CI reads, printed last.
set -euo pipefail
total=0 passed=0 failed=0 skipped=0
while read -r f p s t; do
    failed=$((failed + f)) passed=$((passed + p)) skipped=$((skipped + s)) total=$((total + t))
done < <(sed -nE 's/.*(Passed|Failed)! +- +Failed: +([0-9]+), +Passed: +([0-9]+), +Skipped: +([0-9]+), +Total: +([0-9]+).*/\2 \3 \4 \5/p' "$1")
echo "Total tests: $total. Passed: $passed. Failed: $failed. Skipped: $skipped."
# The plain form CI recognises in any language, alone on the last line.
echo "$passed passed, $failed failed, $skipped skipped"
