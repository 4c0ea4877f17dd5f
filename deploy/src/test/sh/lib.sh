# shellcheck shell=bash
# Test support for the deployment tests: a CodeDeploy agent emulator that runs a bundle's hooks
# in CodeDeploy's order against a temporary root, revision folders, free loopback ports, and
# process clean-up. Sourced by lifecycle-test.sh and rolling-deploy-test.sh.

set -euo pipefail

TEST_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly TEST_DIR
# The CodeDeploy lifecycle events that run scripts, in the order the agent runs them for an
# in-place deployment (BlockTraffic/AllowTraffic, done by the load balancer, have no scripts).
readonly HOOK_ORDER=(ApplicationStop BeforeInstall AfterInstall ApplicationStart ValidateService)

note() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# A JDK 25 for the hooks (the build's toolchain JDK may not be the one on PATH).
# shellcheck source-path=SCRIPTDIR source=../../../../tools/jdk25.sh
source "$TEST_DIR/../../../../tools/jdk25.sh"
find_test_jdk() {
  jdk25_home || fail "no JDK 25 found in JAVA_HOME or /usr/lib/jvm"
}

# A TCP port on 127.0.0.1 that nothing listens on right now (and that we have not handed out),
# below the kernel's ephemeral range: a port in that range can be taken at any moment as the
# local end of an outgoing connection, which no listener check sees, and the service then fails
# to bind it ("Address already in use"; seen once in CI, 2026-12-06).
declare -A _ports_given=()
free_port() {
  local port low=32768 _high
  read -r low _high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  ((low > 21000)) || low=32768
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % (low - 20000)))
    [[ -z "${_ports_given[$port]:-}" ]] || continue
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      _ports_given[$port]=1
      printf '%s' "$port"
      return
    fi
  done
  fail "no free port found"
}

# Unpacks the bundle into a new "deployment archive" folder, as the agent does for each
# deployment. With a label, the jar gets one more entry, so it is a different build (another
# SHA-256) of the same code: what a new commit looks like to the hooks. The entry has a fixed
# date and no extra attributes, so the same label always gives the same jar (and AOT cache).
make_revision() {
  local bundle="$1" dir="$2" label="${3:-}"
  mkdir -p "$dir"
  unzip -q "$bundle" -d "$dir"
  if [[ -n "$label" ]]; then
    local scratch
    scratch=$(mktemp -d)
    printf '%s\n' "$label" >"$scratch/BUILD-REVISION"
    touch -d '2026-01-01 00:00:00' "$scratch/BUILD-REVISION"
    (cd "$scratch" && TZ=UTC zip -q -X "$dir/app/mandelbrot-server.jar" BUILD-REVISION)
    rm -rf "$scratch"
  fi
}

# The label of the "new build" both tests deploy over the bundle as built.
# shellcheck disable=SC2034  # used by the tests that source this file
readonly NEXT_BUILD="next build"

# Where the lifecycle test leaves the AOT caches it trained, for the rolling-deploy test to
# reuse (same jars, same hashes): each build is trained once per `./mvnw verify`, which keeps
# the module within its time budget. Unset when the tests run by hand: each trains its own.
# shellcheck disable=SC2034  # used by the tests that source this file
readonly SHARED_AOT_DIR="${MANDELBROT_TEST_AOT_DIR:-}"

# Reads `location` or `timeout` of a hook from an appspec.yml (the flat layout ours uses).
appspec_hook() {
  awk -v event="  $2:" -v key="$3" '
    $0 == event { inside = 1; next }
    inside && /^  [A-Za-z]/ { inside = 0 }
    inside && $1 == key":" { print $2; exit }
    inside && $1 == "-" && $2 == key":" { print $3; exit }
  ' "$1/appspec.yml"
}

# Prints "source destination" for each entry of the appspec's files: section.
appspec_files() {
  awk '
    /^files:/ { inside = 1; next }
    inside && /^[a-z]/ { inside = 0 }
    inside && $2 == "source:" { src = $3 }
    inside && $1 == "destination:" { print src, $2 }
  ' "$1/appspec.yml"
}

# The Install step: copies the revision's files to their destinations under MANDELBROT_ROOT.
install_files() {
  local archive="$1" src dst
  while read -r src dst; do
    mkdir -p "$MANDELBROT_ROOT$dst"
    cp -R "$archive/$src/." "$MANDELBROT_ROOT$dst/"
  done < <(appspec_files "$archive")
}

# Runs one hook script the way the agent does: from its archive, with the agent's environment
# variables and the appspec's timeout. Output goes to the deployment's log.
run_hook() {
  local archive="$1" event="$2" log="$3" location timeout
  location=$(appspec_hook "$archive" "$event" location)
  timeout=$(appspec_hook "$archive" "$event" timeout)
  [[ -n "$location" && -n "$timeout" ]] || fail "appspec.yml has no location/timeout for $event"
  printf -- '-- %s (%s, timeout %ss)\n' "$event" "$location" "$timeout" >>"$log"
  LIFECYCLE_EVENT="$event" DEPLOYMENT_ID="${DEPLOYMENT_ID:-d-TEST}" APPLICATION_NAME=mandelbrot \
    DEPLOYMENT_GROUP_NAME=test timeout "$timeout" "$archive/$location" >>"$log" 2>&1
}

# Deploys a revision to the instance at MANDELBROT_ROOT: ApplicationStop from the previous
# revision (if any), BeforeInstall, Install, AfterInstall, ApplicationStart, ValidateService.
# Stops at the first failing hook and returns non-zero, printing which one (like the console).
codedeploy_deploy() {
  local archive="$1" previous="${2:-}" log="$3" event
  for event in "${HOOK_ORDER[@]}"; do
    if [[ "$event" == ApplicationStop ]]; then
      [[ -n "$previous" ]] || continue
      run_hook "$previous" "$event" "$log" || { echo "$event"; return 1; }
      continue
    fi
    run_hook "$archive" "$event" "$log" || { echo "$event"; return 1; }
    [[ "$event" == BeforeInstall ]] && install_files "$archive"
  done
  return 0
}

# Environment for the hooks of one emulated instance rooted at $1, its service on port $2;
# $3 is the revision whose environment file template seeds the instance configuration.
use_instance() {
  export MANDELBROT_ROOT="$1"
  export MANDELBROT_USER
  MANDELBROT_USER="$(id -un)"
  export MANDELBROT_JAVA_HOME="$TEST_JDK"
  export PATH="$TEST_DIR/bin:$BASE_PATH"
  mkdir -p "$1/etc/mandelbrot"
  # The operator's configuration, as user data would write it: AfterInstall keeps it.
  if [[ ! -f "$1/etc/mandelbrot/mandelbrot.env" ]]; then
    sed -e "s/^PORT=.*/PORT=$2/" -e "s/^BIND=.*/BIND=127.0.0.1/" \
      "$3/app/mandelbrot.env" >"$1/etc/mandelbrot/mandelbrot.env"
  fi
}

# Stops the emulated service of the instance at $1 (if running), for trap clean-up.
stop_instance() {
  local pid_file="$1/run/fake-systemd/mandelbrot.pid" pid
  [[ -f "$pid_file" ]] || return 0
  pid=$(cat "$pid_file")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

TEST_JDK="$(find_test_jdk)"
BASE_PATH="$PATH"
readonly TEST_JDK BASE_PATH
