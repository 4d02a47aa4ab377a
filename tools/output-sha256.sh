#!/usr/bin/env bash
# sha256 of every file a reproduce run wrote into a folder (default output/), for before/after comparisons of a
# refactoring: `reproduce` must write the same bytes. Lock files are left out (empty markers); the wall-clock timings
# (stages.csv and the timing table of report.md/report.html) differ between any two runs and are listed apart.
set -euo pipefail
dir=${1:-output}
cd "$dir"
find . -type f ! -name '*.lock' ! -name stages.csv ! -name 'report.md' ! -name 'report.html' -print0 | sort -z | xargs -0 sha256sum
echo "# timing files (differ run to run): stages.csv report.md report.html"
