# shellcheck shell=bash
# Finding a JDK 25, for every script of the repository that starts Java: the launchers
# (./mandelbrot, bot/mandelbot), CI (.ci/run) and the deployment tests. Source it, then
#
#   home="$(jdk25_home)" || { echo "no JDK 25 ..." >&2; exit 1; }
#
# jdk25_home prints $JAVA_HOME if that is a JDK 25, else the first /usr/lib/jvm/*25* that is,
# and fails (status 1, prints nothing) when there is none; each caller words its own error.

# is_jdk25 DIR: whether DIR/bin/java is a Java 25. Asks for the specification version rather
# than reading the first line of -version, which is "Picked up JAVA_TOOL_OPTIONS: ..." whenever
# that variable is set (a profiler, an agent).
is_jdk25() {
  [[ -n "$1" && -x "$1/bin/java" ]] && "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | grep -q '^ *java.specification.version = 25$'
}

jdk25_home() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
    if is_jdk25 "$candidate"; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}
