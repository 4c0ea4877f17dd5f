#!/usr/bin/env bash
# Zero-downtime rolling deployment on loopback, the way CodeDeploy deploys one instance at a
# time behind a load balancer with traffic control:
#   HAProxy health-checks (GET /health) two instances of the real service, each installed by
#   the bundle's hooks into its own temporary root. While a bounded wrk load runs through
#   HAProxy, each instance in turn is
#     BlockTraffic   set to drain through HAProxy's runtime API, until no request is in flight
#     hooks          ApplicationStop (graceful drain), BeforeInstall, Install, AfterInstall with
#                    a new build (another jar, its own AOT cache), ApplicationStart, ValidateService
#     AllowTraffic   set ready again, until HAProxy's health check sees it UP.
# Asserts that no request failed (wrk and HAProxy both count) and that the other instance
# served requests while each one was out, and writes the request count and latency to REPORT
# (markdown).
# Usage: rolling-deploy-test.sh BUNDLE_ZIP [REPORT]
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bundle="${1:?usage: rolling-deploy-test.sh BUNDLE_ZIP [REPORT]}"
report="${2:-/dev/null}"
[[ -f "$bundle" ]] || fail "no bundle at $bundle"
for tool in haproxy wrk; do
  command -v "$tool" >/dev/null || fail "$tool is not installed (bash .ci/run installs it)"
done
readonly LOAD_LIMIT_SECONDS=150
work=$(mktemp -d)
haproxy_pid="" wrk_pid=""
cleanup() {
  local pid
  for pid in "$wrk_pid" "$haproxy_pid"; do
    [[ -z "$pid" ]] || { kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; } || true
  done
  stop_instance "$work/a"
  stop_instance "$work/b"
  rm -rf "$work"
}
trap cleanup EXIT

# Both instances run the same jars: they share one AOT cache folder (keyed by the jar's hash),
# so each build is trained at most once; under ./mvnw verify the lifecycle test has already
# trained both (see SHARED_AOT_DIR) and AfterInstall reuses its caches.
export MANDELBROT_AOT_DIR="${SHARED_AOT_DIR:-$work/aot}"
declare -A port=([a]="$(free_port)" [b]="$(free_port)")
front=$(free_port)
admin=$(free_port)
make_revision "$bundle" "$work/rev1"
make_revision "$bundle" "$work/rev2" "$NEXT_BUILD"

# One runtime API command over HAProxy's admin socket (TCP on loopback: bash speaks it).
haproxy_cmd() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$admin"
  printf '%s\n' "$1" >&3
  reply=$(cat <&3)
  exec 3<&-
  printf '%s\n' "$reply"
}

# A field of `show stat` for a proxy and server (FRONTEND/BACKEND for the totals), by name.
stat_field() {
  haproxy_cmd "show stat" | awk -F, -v px="$1" -v sv="$2" -v field="$3" '
    NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) col[$i] = i; next }
    $1 == px && $2 == sv { print $(col[field]) }'
}

# Waits until a server's `show stat` field has the value, for at most $4 seconds.
wait_stat() {
  local server="$1" field="$2" want="$3" limit="$4" deadline=$((SECONDS + $4))
  until [[ "$(stat_field app "$server" "$field")" == "$want" ]]; do
    ((SECONDS < deadline)) || fail "server $server: $field is not $want after ${limit} s"
    sleep 0.1
  done
}

deploy() {
  local instance="$1" archive="$2" previous="$3" failed
  use_instance "$work/$instance" "${port[$instance]}" "$archive"
  failed=$(DEPLOYMENT_ID="d-$instance-$(basename "$archive")" codedeploy_deploy "$archive" "$previous" "$work/$instance.log") \
    || { cat "$work/$instance.log" >&2; fail "deployment on instance $instance failed at $failed"; }
}

note "initial deployment of revision 1 on instances a (port ${port[a]}) and b (port ${port[b]})"
deploy a "$work/rev1" ""
deploy b "$work/rev1" ""

cat >"$work/haproxy.cfg" <<CFG
global
  stats socket ipv4@127.0.0.1:$admin level admin
  maxconn 512
  # Server state changes (UP, DOWN, DRAIN) go to haproxy.log, shown if the test fails.
  log stderr format raw daemon notice
defaults
  mode http
  log global
  timeout connect 2s
  timeout client 30s
  timeout server 30s
  # Like an ALB: a request that reached a server is not retried elsewhere.
  retries 0
frontend www
  bind 127.0.0.1:$front
  default_backend app
backend app
  balance roundrobin
  option httpchk GET /health
  http-check expect status 200
  # Faster than an ALB (which checks every 10-30 s) to keep the test short, but with a check
  # timeout that a busy JVM on a shared machine meets: a slow answer is not a dead server.
  timeout check 3s
  default-server inter 500ms fall 3 rise 2
  server a 127.0.0.1:${port[a]} check
  server b 127.0.0.1:${port[b]} check
CFG
haproxy -f "$work/haproxy.cfg" -db >"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$admin") 2>/dev/null && break; sleep 0.1; done
wait_stat a status UP 10
wait_stat b status UP 10

note "rolling deployment of revision 2 under load"
wrk -t1 -c4 -d"${LOAD_LIMIT_SECONDS}s" --latency --timeout 10s -s "$TEST_DIR/rolling-load.lua" \
  "http://127.0.0.1:$front" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
sleep 3
rollout_started=$SECONDS
declare -A served_alone=()
for instance in a b; do
  other=$([[ "$instance" == a ]] && echo b || echo a)
  printf -- '- %s: drain\n' "$instance"
  haproxy_cmd "set server app/$instance state drain" >/dev/null
  other_before=$(stat_field app "$other" hrsp_2xx)
  wait_stat "$instance" scur 0 30
  pid_before=$(cat "$work/$instance/run/fake-systemd/mandelbrot.pid")
  printf -- '- %s: deploy\n' "$instance"
  deploy "$instance" "$work/rev2" "$work/rev1"
  [[ "$(cat "$work/$instance/run/fake-systemd/mandelbrot.pid")" != "$pid_before" ]] || fail "instance $instance was not replaced"
  # The other instance carried the load alone while this one was out: proof it kept running.
  served_alone[$instance]=$(($(stat_field app "$other" hrsp_2xx) - other_before))
  ((served_alone[$instance] > 0)) || fail "no request was served while instance $instance was out: the load did not run"
  printf -- '- %s: ready (%s requests served by %s meanwhile)\n' "$instance" "${served_alone[$instance]}" "$other"
  haproxy_cmd "set server app/$instance state ready" >/dev/null
  wait_stat "$instance" status UP 30
  sleep 2
done
rollout_seconds=$((SECONDS - rollout_started))
kill -INT "$wrk_pid"
wait "$wrk_pid" || fail "wrk failed: $(cat "$work/wrk.out")"
wrk_pid=""
cat "$work/wrk.out"

! grep -q 'rolling-load.lua' "$work/wrk.out" || fail "the wrk load script failed"
requests=$(awk '/requests in/ { print $1 }' "$work/wrk.out")
p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.out")
p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.out")
fe_5xx=$(stat_field www FRONTEND hrsp_5xx)
be_errors=$(( $(stat_field app BACKEND econ) + $(stat_field app BACKEND eresp) ))
for instance in a b; do
  grep -q "AOT cache" "$work/$instance.log" || fail "instance $instance: no AOT cache step in its log"
done

# Where failures came from, to tell a deployment gap from an overloaded machine.
diagnose() {
  local instance
  echo "HAProxy, per server: status answers and errors" >&2
  haproxy_cmd "show stat" | awk -F, 'NR == 1 { sub(/^# /, ""); for (i = 1; i <= NF; i++) c[$i] = i; next }
    $1 == "app" || $1 == "www" { printf "  %s/%s 2xx=%s 4xx=%s 5xx=%s econ=%s eresp=%s\n", $1, $2,
      $(c["hrsp_2xx"]), $(c["hrsp_4xx"]), $(c["hrsp_5xx"]), $(c["econ"]), $(c["eresp"]) }' >&2
  for instance in a b; do
    echo "instance $instance: answers other than 200/304 in its request log" >&2
    grep -hE 'status=[0-9]+' "$work/$instance/run/fake-systemd/mandelbrot.log" | grep -vE 'status=(200|304)' | tail -n 5 >&2 || true
  done
  echo "HAProxy log (server state changes)" >&2
  tail -n 20 "$work/haproxy.log" >&2
}

if grep -qE 'Socket errors|Non-2xx' "$work/wrk.out" || [[ "$fe_5xx" != 0 || "$be_errors" != 0 ]]; then
  diagnose
  fail "requests failed during the rolling deployment (HAProxy: $fe_5xx 5xx answers, $be_errors connection/response errors)"
fi

cat >"$report" <<REPORT
| requests | failed | served while a / b was out | p50 | p99 | rollout (2 instances) |
|---|---|---|---|---|---|
| $requests | 0 | ${served_alone[a]} / ${served_alone[b]} | $p50 | $p99 | ${rollout_seconds} s |
REPORT
printf '\nrolling deploy: %s requests, 0 failed, p50 %s, p99 %s, rollout %s s\n' "$requests" "$p50" "$p99" "$rollout_seconds"
printf 'rolling-deploy: 1 passed, 0 failed\n'
printf 'rolling-deploy test took %d s\n' "$SECONDS"
