#!/usr/bin/env bash
# Regenerates every golden-value fixture in tests/fixtures from scikit-learn (Debian's
# python3-sklearn, run with /usr/bin/python3) and the reference formulas in tools/fixtures_*.py.
# Needs the corpus for the iforest fixture: $METAUL_CORPUS or ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."
for script in tools/fixtures_*.py; do
  echo "== $script"
  /usr/bin/python3 "$script"
done
