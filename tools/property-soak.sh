#!/usr/bin/env bash
# Runs the random properties of the reduced model and its continuation again and again. FsCheck draws new cases on every
# run, so N runs test N times as many random configurations as one `dotnet test`. Every failing case is printed with its
# numbers (rebuild it in a unit test, docs/testing-kit.md "Reading a counterexample").
#
#   tools/property-soak.sh [runs] [test filter]
#
# Default: 5 runs of ContinuationPropertyTests and CompletenessTests (about 2–3 minutes each on 2 cores).
set -u
runs=${1:-5}
filter=${2:-"FullyQualifiedName~ContinuationPropertyTests|FullyQualifiedName~CompletenessTests"}
cd "$(dirname "$0")/.." || exit 1
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then echo "property-soak: runs must be a positive whole number (got '$runs')" >&2; exit 2; fi
dotnet build tests/Bifurcations.Tests -c Release -v q -nologo > /dev/null || { echo "property-soak: the build failed" >&2; exit 1; }
out=output/property-soak
mkdir -p "$out"
failed=0
for i in $(seq 1 "$runs"); do
  log="$out/run$i.log"
  if dotnet test tests/Bifurcations.Tests -c Release --no-build --filter "$filter" > "$log" 2>&1; then verdict=passed; else verdict=FAILED; failed=$((failed + 1)); fi
  echo "run $i of $runs: $verdict ($(grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+' "$log" | tail -1))"
  [ "$verdict" = FAILED ] && grep -E '^\s+Failed |^G=|---- ' "$log" | head -20
done
echo "$failed of $runs runs had a failing case; logs in $out/"
[ "$failed" -eq 0 ]
