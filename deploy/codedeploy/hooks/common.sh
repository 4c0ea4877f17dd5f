# shellcheck shell=bash disable=SC2034  # the hooks that source this file use these names
# Shared by every CodeDeploy hook of the Mandelbrot service: paths, logging, the JDK check.
#
# Every path is derived from MANDELBROT_ROOT (default: the real root, "") so that the lifecycle
# and rolling-deploy tests can run the very same hooks against a temporary folder. Each path can
# also be overridden on its own; on an instance none of these variables is set.

set -euo pipefail

readonly MANDELBROT_ROOT="${MANDELBROT_ROOT:-}"
readonly SERVICE_NAME="${MANDELBROT_SERVICE:-mandelbrot}"
readonly SERVICE_USER="${MANDELBROT_USER:-mandelbrot}"
# Where appspec.yml's `files:` section puts the release (keep the two in step).
readonly APP_DIR="${MANDELBROT_APP_DIR:-$MANDELBROT_ROOT/opt/mandelbrot}"
readonly CONF_DIR="${MANDELBROT_CONF_DIR:-$MANDELBROT_ROOT/etc/mandelbrot}"
readonly STATE_DIR="${MANDELBROT_STATE_DIR:-$MANDELBROT_ROOT/var/lib/mandelbrot}"
readonly UNIT_DIR="${MANDELBROT_UNIT_DIR:-$MANDELBROT_ROOT/etc/systemd/system}"

readonly JAR="$APP_DIR/mandelbrot-server.jar"
readonly ENV_FILE="$CONF_DIR/mandelbrot.env"
# Written by the instance's user data (Terraform), read by the unit after ENV_FILE: it wins.
readonly INSTANCE_ENV_FILE="$CONF_DIR/instance.env"
# Written by AfterInstall for the jar it just installed: which AOT cache belongs to it.
readonly RELEASE_ENV="$STATE_DIR/release.env"
readonly AOT_DIR="${MANDELBROT_AOT_DIR:-$STATE_DIR/aot}"
readonly UNIT_FILE="$UNIT_DIR/$SERVICE_NAME.service"

# The lifecycle event name CodeDeploy exports (LIFECYCLE_EVENT), or the script name.
hook_name() { printf '%s' "${LIFECYCLE_EVENT:-$(basename "$0" .sh)}"; }

log() { printf '[%s] %s\n' "$(hook_name)" "$*"; }

# Prints a message CodeDeploy shows in the console's event log, then fails the hook.
die() {
  printf '[%s] ERROR: %s\n' "$(hook_name)" "$*" >&2
  exit 1
}

# Reads KEY as the service sees it (systemd's KEY=value syntax, optional quotes): the last
# assignment in the instance's file, else in the operator's file (the unit reads them in the
# opposite order, so the later one wins there too), falling back to $2 when neither has it.
env_value() {
  local key="$1" default="$2" file line value
  for file in "$INSTANCE_ENV_FILE" "$ENV_FILE"; do
    [[ -r "$file" ]] || continue
    line=$(grep -E "^[[:space:]]*${key}=" "$file" | tail -n 1 || true)
    if [[ -n "$line" ]]; then
      value="${line#*=}"
      value="${value%\"}"; value="${value#\"}"
      printf '%s' "$value"
      return
    fi
  done
  printf '%s' "$default"
}

# The address the hooks use to reach the service on this instance.
service_port() { env_value PORT 8080; }

# Prints the path of a Java 25 (or newer) `java`, or fails with what to install. Looks at
# MANDELBROT_JAVA_HOME, then the Amazon Corretto 25 package's home, then JAVA_HOME, then PATH.
find_java() {
  local candidate version
  local -a candidates=()
  [[ -n "${MANDELBROT_JAVA_HOME:-}" ]] && candidates+=("$MANDELBROT_JAVA_HOME/bin/java")
  candidates+=(/usr/lib/jvm/java-25-amazon-corretto*/bin/java)
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  candidate=$(command -v java 2>/dev/null || true)
  [[ -n "$candidate" ]] && candidates+=("$(readlink -f "$candidate")")
  for candidate in "${candidates[@]}"; do
    [[ -x "$candidate" ]] || continue
    version=$(java_feature_version "$candidate")
    if [[ -n "$version" ]] && ((version >= 25)); then
      printf '%s' "$candidate"
      return 0
    fi
  done
  die "Java 25 or newer is required and none was found (looked at: ${candidates[*]:-nothing}). On Amazon Linux 2023 run: sudo dnf install -y java-25-amazon-corretto-headless"
}

# The feature release (17, 21, 25, ...) of the given java binary, or nothing if it cannot tell.
java_feature_version() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^[[:space:]]*java\.specification\.version = \([0-9][0-9]*\).*/\1/p' \
    | head -n 1
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is required on this instance: $2"
}

# The words to put before a command to run it as the service user: nothing when the hooks
# already run as that user, else setpriv, which execs (no extra process between us and the
# JVM, so a signal sent to $! reaches the JVM itself).
run_as_service_user() {
  if [[ "$(id -un)" == "$SERVICE_USER" ]]; then
    return
  fi
  printf '%s\n' setpriv "--reuid=$SERVICE_USER" "--regid=$SERVICE_USER" --init-groups --
}
