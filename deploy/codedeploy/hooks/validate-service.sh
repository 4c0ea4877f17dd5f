#!/usr/bin/env bash
# ValidateService: the deployment succeeds only if the new service becomes healthy in time.
# Polls GET /health on loopback until it answers 200, for at most MANDELBROT_VALIDATE_TIMEOUT
# seconds, then renders one small image through the seed's endpoint. A non-zero exit fails
# the deployment and CodeDeploy rolls back to the last good revision.
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

readonly TIMEOUT="${MANDELBROT_VALIDATE_TIMEOUT:-90}"
port=$(service_port)
base="http://127.0.0.1:$port"

fail() {
  systemctl status --no-pager --lines=30 "$SERVICE_NAME" >&2 || true
  die "$*"
}

deadline=$((SECONDS + TIMEOUT))
until body=$(curl -fsS --max-time 2 "$base/health" 2>/dev/null); do
  # A unit in "failed" state will not become healthy by waiting (restarts show "activating").
  if [[ "$(systemctl is-active "$SERVICE_NAME" 2>/dev/null || true)" == failed ]]; then
    fail "$SERVICE_NAME failed to start (it is in the failed state)"
  fi
  ((SECONDS < deadline)) || fail "$base/health did not answer 200 within ${TIMEOUT} s"
  sleep 1
done
[[ "$body" == "{"* ]] || fail "$base/health answered 200 but not with a JSON object: $body"
log "healthy after $((TIMEOUT - (deadline - SECONDS))) s: $body"

content_type=$(curl -fsS --max-time 10 -o /dev/null -w '%{content_type}' \
  "$base/mandelbrot?width=16&height=16&ext=png") || fail "the smoke render GET /mandelbrot failed"
[[ "$content_type" == image/png* ]] || fail "the smoke render answered $content_type instead of image/png"
log "smoke render ok ($content_type)"
