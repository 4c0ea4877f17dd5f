#!/usr/bin/env bash
# AfterInstall: turn the files CodeDeploy copied into an installed service.
#  1. the operator's environment file is created from the template once, never overwritten;
#  2. the JDK 25 AOT cache is built for THIS jar by a short training run, keyed by the jar's
#     SHA-256: JDK 25.0.3 silently reuses a stale cache after the jar changes, so a cache is
#     never shared between two different jars, and the jar's modification time is pinned so
#     that the JVM accepts the cache again when the same jar is installed again;
#  3. the systemd unit is rendered with this instance's paths and systemd reloaded.
# shellcheck source=SCRIPTDIR/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

readonly TRAINING_TIMEOUT="${MANDELBROT_AOT_TRAINING_TIMEOUT:-120}"

java=$(find_java)
[[ -f "$JAR" ]] || die "$JAR is missing: the bundle's files were not installed (check appspec.yml files:)"
[[ -f "$APP_DIR/mandelbrot.service" ]] || die "$APP_DIR/mandelbrot.service is missing from the bundle"

if [[ -f "$ENV_FILE" ]]; then
  log "keeping the existing $ENV_FILE"
else
  install -m 0640 -g "$SERVICE_USER" "$APP_DIR/mandelbrot.env" "$ENV_FILE"
  log "created $ENV_FILE from the bundle's template"
fi

# Reads JAVA_OPTS as the service sees it: the training run must use the production flags, or
# the JVM rejects the cache (a different GC or heap layout makes it unusable).
read -r -a java_opts <<<"$(env_value JAVA_OPTS "")"
mapfile -t run_as < <(run_as_service_user)

# The training JVM never outlives this hook, even when CodeDeploy times it out.
training_pid=""
training_output=""
stop_training() {
  [[ -z "$training_pid" ]] || kill -KILL "$training_pid" 2>/dev/null || true
  [[ -z "$training_output" ]] || rm -f "$training_output" "$training_output.config"
}
trap stop_training EXIT
trap 'exit 1' INT TERM

# Runs the new jar on loopback with -XX:AOTCacheOutput, sends it the requests a real instance
# gets, then stops it with SIGTERM; the JVM writes the cache as it exits. Prints nothing and
# returns non-zero if any step fails, leaving no partial cache behind.
train_aot_cache() {
  local cache="$1" port tmp pid deadline path
  port=$(service_port)
  tmp="$cache.tmp.$$"
  training_output=$tmp
  if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$port/"; then
    log "port $port is already in use (is an old service still running?): no training run"
    return 1
  fi
  "${run_as[@]}" env PORT="$port" BIND=127.0.0.1 \
    "$java" "${java_opts[@]}" -XX:AOTCacheOutput="$tmp" -Xlog:aot=error \
    --add-modules jdk.incubator.vector -jar "$JAR" serve >"$STATE_DIR/aot-training.log" 2>&1 &
  pid=$!
  training_pid=$pid
  deadline=$((SECONDS + TRAINING_TIMEOUT))
  until curl -fs --max-time 2 -o /dev/null "http://127.0.0.1:$port/health"; do
    if ! kill -0 "$pid" 2>/dev/null || ((SECONDS > deadline)); then
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.2
  done
  # Small requests through every route and encoder: the cache records loaded and linked
  # classes, so breadth matters, not how long each request runs.
  for path in /health "/mandelbrot?width=16&height=16&ext=png" "/mandelbrot?width=16&height=16&ext=jpg" \
    "/mandelbrot?width=16&height=16&ext=gif" "/tiles/0/0/0.png?iterations=64" \
    "/api/v1/render?re=-0.5&im=0&span=3&width=16&height=16&iterations=64&format=png" \
    /api/v1/palettes /openapi.json /metrics /no-such-page; do
    curl -sS --max-time 10 -o /dev/null "http://127.0.0.1:$port$path" || true
  done
  kill -TERM "$pid"
  wait "$pid" || true
  training_pid=""
  [[ -s "$tmp" ]] && mv -f "$tmp" "$cache"
}

# The JVM accepts an AOT cache only for a jar of the size and modification time it was trained
# with, and otherwise starts without it ("shared class paths mismatch"). CodeDeploy writes the
# jar anew at every deployment, so a redeploy or a rollback to a jar whose cache is kept would
# find it rejected. The SHA-256 below names the content; one fixed time for every jar keeps the
# JVM's own check satisfied.
touch -m -d '2000-01-01 00:00:00 UTC' "$JAR"
sha=$(sha256sum "$JAR" | cut -d ' ' -f 1)
cache="$AOT_DIR/$sha.aot"
aot_opts=""
if [[ -s "$cache" ]]; then
  log "AOT cache for jar $sha already built: $cache"
  aot_opts="-XX:AOTCache=$cache"
elif started=$SECONDS && train_aot_cache "$cache"; then
  log "built AOT cache $cache in $((SECONDS - started)) s"
  aot_opts="-XX:AOTCache=$cache"
else
  # A missing cache costs start-up time, not correctness: deploy without one, loudly.
  log "WARNING: the AOT training run failed, the service will start without an AOT cache; see $STATE_DIR/aot-training.log"
fi
# Keep the caches of the two newest jars (the current one and the one a rollback returns to).
find "$AOT_DIR" -maxdepth 1 -name '*.aot' -printf '%T@ %p\n' | sort -rn | tail -n +3 | cut -d ' ' -f 2- \
  | while read -r old; do rm -f "$old"; log "removed old AOT cache $old"; done

cat >"$RELEASE_ENV" <<RELEASE
# Written by AfterInstall for the installed jar; do not edit.
MANDELBROT_JAR_SHA256=$sha
MANDELBROT_AOT_OPTS=$aot_opts
RELEASE

sed -e "s|@JAVA@|$java|g" -e "s|@APP_DIR@|$APP_DIR|g" -e "s|@CONF_DIR@|$CONF_DIR|g" \
  -e "s|@STATE_DIR@|$STATE_DIR|g" -e "s|@USER@|$SERVICE_USER|g" \
  "$APP_DIR/mandelbrot.service" >"$UNIT_FILE.tmp"
mv -f "$UNIT_FILE.tmp" "$UNIT_FILE"
systemctl daemon-reload
log "installed $UNIT_FILE for jar $sha"
