#!/usr/bin/env bash
# The benchmarks' own environment, kept out of the project's dependencies:
# factcheck itself, wordfreq (the corpus vocabulary), psutil (peak memory),
# proselint, and textlint with textlint-rule-prh from npm.
set -euo pipefail
cd "$(dirname "$0")"
python3 -m venv .env
.env/bin/pip install -q -e .. -r requirements.txt
if command -v npm >/dev/null; then
  npm install --silent --no-audit --no-fund --prefix .env/node textlint@15 textlint-rule-prh@6
else
  echo "npm not found: the textlint comparison will be skipped" >&2
fi
