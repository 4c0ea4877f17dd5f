#!/usr/bin/env bash
# Load benchmarks of the HTTP service on loopback, each bounded in time, each against a fresh
# server that this script starts on a free 127.0.0.1 port and stops by its PID.
#
#   ./mvnw -q package -DskipTests && bench/wrk/run.sh [seed|tiles|popular|overload|flood|startup|all]
#
# Figures go to stdout; docs/BENCHMARKS.md ("HTTP service") quotes them with the date and machine.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
wrk_dir="$root/bench/wrk"
work="$(mktemp -d)"
server_pid=""
port=""

log() { printf '\n== %s\n' "$*"; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server: runs ./mandelbrot serve (AOT cache per $MANDELBROT_AOT, default off), waits for /health.
start_server() {
  port="$(free_port)"
  BIND=127.0.0.1 PORT="$port" MANDELBROT_AOT="${MANDELBROT_AOT:-off}" \
    "$root/mandelbrot" serve >"$work/server.log" 2>&1 &
  server_pid=$!
  local _
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/health"; then
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; echo "server died" >&2; exit 1; }
    sleep 0.1
  done
  echo "server did not become healthy in 60 s" >&2
  exit 1
}

stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    local _
    for _ in $(seq 1 300); do
      kill -0 "$server_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$server_pid" 2>/dev/null && kill -KILL "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}

cleanup() { stop_server; rm -rf "$work"; }
trap cleanup EXIT

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server_pid/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$server_pid/status"; }

bench_seed() {
  log "seed endpoint: /mandelbrot?width=1024&height=1024&ext=png, uncached, 1 connection, 20 s"
  start_server
  # Warm-up on other keys (iterations from 100) for 10 s, so that C2 has finished compiling the
  # render path: 20 requests left it compiling (and taking CPU) through the measured run.
  FIRST=100 timeout 30 wrk -t1 -c1 -d10s --timeout 10s -s "$wrk_dir/seed.lua" "http://127.0.0.1:$port" >/dev/null
  timeout 60 wrk -t1 -c1 -d20s --timeout 10s --latency -s "$wrk_dir/seed.lua" "http://127.0.0.1:$port"
  log "same request from the cache (10 s)"
  timeout 60 wrk -t1 -c1 -d10s --timeout 10s --latency "http://127.0.0.1:$port/mandelbrot?width=1024&height=1024&ext=png"
  stop_server
}

bench_tiles() {
  log "distinct 256x256 tiles at 1000 iterations, 64 connections, 10 s"
  start_server
  # Warm-up: the same walk at 999 iterations (other cache keys, the same work) for 30 s. The
  # former warm-up (one tile asked again and again, i.e. cache hits, and 81 renders) left C2
  # compiling through the measured run: a quarter of the CPU (perf); 13% after 15 s, 5% after 30.
  ITERATIONS=999 timeout 60 wrk -t2 -c64 -d30s --timeout 10s -s "$wrk_dir/tiles.lua" "http://127.0.0.1:$port" >/dev/null
  timeout 60 wrk -t2 -c64 -d10s --timeout 10s --latency -s "$wrk_dir/tiles.lua" "http://127.0.0.1:$port" \
    >"$work/wrk.txt" &
  local wrk_pid=$! n=0
  # /health as a load balancer sees it while the tiles render: renders that held the threads
  # serving HTTP once made it wait 160 ms at the median (docs/BENCHMARKS.md)
  : >"$work/probes.txt"
  sleep 1
  while kill -0 "$wrk_pid" 2>/dev/null && ((n < 16)); do
    curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "http://127.0.0.1:$port/health" >>"$work/probes.txt"
    n=$((n + 1))
    sleep 0.4
  done
  wait "$wrk_pid" || true
  cat "$work/wrk.txt"
  sort -k2 -n "$work/probes.txt" | awk '{ t[NR] = $2; if ($1 == 200) ok++ }
    END { printf "health during the walk: %d probes, %d answered 200, median %.1f ms, max %.1f ms\n", NR, ok, 1000 * t[int((NR + 1) / 2)], 1000 * t[NR] }'
  printf 'RSS after: %s KiB (peak %s KiB)\n' "$(rss_kib)" "$(hwm_kib)"
  stop_server
}

bench_popular() {
  log "the same 256x256 tiles asked by both wrk threads at once (SPREAD=0), 64 connections, 10 s"
  start_server
  SPREAD=0 ITERATIONS=999 timeout 60 wrk -t2 -c64 -d30s --timeout 10s -s "$wrk_dir/tiles.lua" "http://127.0.0.1:$port" >/dev/null
  SPREAD=0 timeout 60 wrk -t2 -c64 -d10s --timeout 10s --latency -s "$wrk_dir/tiles.lua" "http://127.0.0.1:$port"
  # the request log: each tile rendered once ("miss"), its twin "shared" or "hit"
  grep 'iterations=1000 ' "$work/server.log" | grep -o 'cache=[a-z0-9]*' | sort | uniq -c
  stop_server
}

# overload_run MODE: MODE "paced" offers 10x the measured render rate, "flood" lets 10x the
# slots + queue places ask as fast as they are answered. Prints wrk's figures and the probes.
overload_run() {
  local mode="$1" slots queue connections pace_ms=0 capacity
  # With the default limits: one slot per core, and as many 512x512x1000 renders (2.6e8 work
  # each) as the queue's work budget of 8e9 holds.
  slots="$(nproc)"
  queue=$((8000000000 / (512 * 512 * 1000)))
  connections=$((10 * (slots + queue)))
  start_server
  if [[ "$mode" == paced ]]; then
    # Capacity: distinct renders per second from as many connections as there are slots.
    timeout 60 wrk -t1 -c"$slots" -d10s --timeout 10s -s "$wrk_dir/overload.lua" \
      "http://127.0.0.1:$port" >"$work/capacity.txt"
    capacity="$(awk '/^Requests\/sec:/ {print $2}' "$work/capacity.txt")"
    # Each of the connections then asks once every pace_ms: connections / pace = 10 x capacity.
    pace_ms="$(awk -v c="$connections" -v r="$capacity" 'BEGIN {printf "%d", 1000 * c / (10 * r)}')"
    log "overload, paced: capacity $capacity renders/s; $connections connections each asking every $pace_ms ms (10x capacity) for 30 s"
  else
    log "overload, flood: $connections connections (10x the $slots slots + $queue queue places) asking as fast as answered, 30 s"
  fi
  PACE_MS="$pace_ms" timeout 90 wrk -t2 -c"$connections" -d30s --timeout 10s --latency -s "$wrk_dir/overload.lua" \
    "http://127.0.0.1:$port" >"$work/wrk.txt" &
  local wrk_pid=$! n=0
  : >"$work/probes.txt"
  sleep 2
  while kill -0 "$wrk_pid" 2>/dev/null && ((n < 50)); do
    # One /health and one fresh render probe every half second, with their status and time.
    {
      curl -s -o /dev/null -w 'health %{http_code} %{time_total}\n' "http://127.0.0.1:$port/health"
      curl -s -o /dev/null -w 'render %{http_code} %{time_total}\n' \
        "http://127.0.0.1:$port/api/v1/render?re=-0.75&im=0.1$n&span=0.01&width=512&height=512&iterations=1000"
      printf 'rss %s\n' "$(rss_kib)"
    } >>"$work/probes.txt"
    n=$((n + 1))
    sleep 0.5
  done
  wait "$wrk_pid" || true
  cat "$work/wrk.txt"
  echo "-- probes during the overload --"
  awk '$1 == "health" { n++; if ($2 == 200) ok++; if ($3 > max) max = $3; sum += $3 }
       END { printf "health: %d probes, %d answered 200, mean %.1f ms, max %.1f ms\n", n, ok, 1000 * sum / n, 1000 * max }' "$work/probes.txt"
  local refused
  refused="$(awk '$1 == "render" && $2 == 503 {print $3}' "$work/probes.txt" | sort -n)"
  if [[ -n "$refused" ]]; then
    printf 'render probes answered 503: %s, median %.1f ms, max %.1f ms\n' "$(wc -l <<<"$refused")" \
      "$(awk '{a[NR] = $1} END {print 1000 * a[int((NR + 1) / 2)]}' <<<"$refused")" \
      "$(awk 'END {print 1000 * $1}' <<<"$refused")"
  fi
  awk '$1 == "render" && $2 != 503 {n[$2]++} END {for (s in n) printf "render probes answered %s: %d\n", s, n[s]}' "$work/probes.txt"
  awk '$1 == "rss" { if ($2 > max) max = $2 } END { printf "RSS max while overloaded: %.0f MiB\n", max / 1024 }' "$work/probes.txt"
  printf 'peak RSS (VmHWM) of the process: %.0f MiB\n' "$(($(hwm_kib) / 1024))"
  curl -s -w ' -> %{http_code}\n' "http://127.0.0.1:$port/health"
  stop_server
}

bench_overload() { overload_run paced; }
bench_flood() { overload_run flood; }

# Time from launching the process to the first successful image answer.
first_response_ms() {
  local start end
  start=$(date +%s%N)
  start_server_nowait "$1"
  until curl -fs -o /dev/null "http://127.0.0.1:$port/mandelbrot?width=256&height=256&ext=png" 2>/dev/null; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
    sleep 0.005
  done
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
  stop_server
}

# start_server_nowait on|off: launches with or without the AOT cache and returns at once.
start_server_nowait() {
  port="$(free_port)"
  BIND=127.0.0.1 PORT="$port" MANDELBROT_AOT="$1" "$root/mandelbrot" serve >"$work/server.log" 2>&1 &
  server_pid=$!
}

bench_startup() {
  log "start to first successful response (/mandelbrot 256x256), 5 runs each"
  local jar="$root/server/target/mandelbrot-server.jar" hash cache
  hash="$(sha256sum "$jar" | cut -c1-16)"
  cache="${jar%.jar}-$hash.aot"
  if [[ ! -s "$cache" ]]; then
    echo "training the AOT cache $cache"
    MANDELBROT_AOT=on start_server
    curl -fs -o /dev/null "http://127.0.0.1:$port/mandelbrot?width=256&height=256&ext=png"
    curl -fs -o /dev/null "http://127.0.0.1:$port/tiles/1/0/0.png"
    curl -fs -o /dev/null "http://127.0.0.1:$port/api/v1/render?width=64&height=64&format=jpeg"
    curl -fs -o /dev/null "http://127.0.0.1:$port/api/v1/palettes"
    curl -fs -o /dev/null "http://127.0.0.1:$port/metrics"
    stop_server
    local _
    for _ in $(seq 1 600); do [[ -s "$cache" ]] && break; sleep 0.1; done
    [[ -s "$cache" ]] || { echo "no AOT cache was written" >&2; exit 1; }
    sleep 2 # the assembly step renames its temporary files last
  fi
  local mode runs
  for mode in off on; do
    runs=()
    for _ in 1 2 3 4 5; do
      runs+=("$(first_response_ms "$mode")")
    done
    printf 'AOT %-3s: %s ms (median %s ms)\n' "$mode" "${runs[*]}" \
      "$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 3p)"
  done
}

printf 'date: %s; machine: %s vCPU, %s; load average: %s\n' "$(date -u +%F)" "$(nproc)" \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)" "$(cut -d' ' -f1-3 /proc/loadavg)"
case "${1:-all}" in
  seed) bench_seed ;;
  tiles) bench_tiles ;;
  popular) bench_popular ;;
  overload) bench_overload ;;
  flood) bench_flood ;;
  startup) bench_startup ;;
  all) bench_seed; bench_tiles; bench_popular; bench_overload; bench_startup ;;
  *) echo "usage: $0 [seed|tiles|popular|overload|flood|startup|all]" >&2; exit 2 ;;
esac
