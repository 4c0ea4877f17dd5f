#!/usr/bin/env bash
# Lifecycle test of the CodeDeploy bundle: runs its hooks in CodeDeploy's order against a
# temporary root with the real server jar, and checks that
#  - a first deployment installs, starts and validates a service that answers over HTTP;
#  - the unit is rendered with this root's paths, passes `systemd-analyze verify` and keeps
#    systemd's "OK" hardening exposure;
#  - a new build replaces it: the old one drains and exits 0, a new AOT cache keyed by the new
#    jar's SHA-256 is built and used, the old cache is kept for a rollback;
#  - deploying the same revision again is idempotent (the AOT cache is reused);
#  - the instance's environment file (written by Terraform's user data) wins over the operator's;
#  - ValidateService gives up after its bound when /health never answers;
#  - a build that cannot start fails the deployment at ValidateService, within its bound;
#  - BeforeInstall refuses a machine without Java 25, with a clear message.
# Usage: lifecycle-test.sh BUNDLE_ZIP
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bundle="${1:?usage: lifecycle-test.sh BUNDLE_ZIP}"
[[ -f "$bundle" ]] || fail "no bundle at $bundle"
work=$(mktemp -d)
root="$work/instance"
cleanup() { stop_instance "$root"; rm -rf "$work"; }
trap cleanup EXIT

passed=0
check() { printf 'ok: %s\n' "$1"; passed=$((passed + 1)); }
pid_of_service() { cat "$root/run/fake-systemd/mandelbrot.pid"; }
# The JVM maps an AOT cache it accepted; one it rejected (a jar whose size or time differs from
# the training run's) it only names on the command line, and starts without it.
maps_cache() { grep -qF "$1" "/proc/$(pid_of_service)/maps"; }
logs() { printf '\n-- deployment log:\n' >&2; cat "$1" >&2; }

port=$(free_port)
base="http://127.0.0.1:$port"
make_revision "$bundle" "$work/rev1"
make_revision "$bundle" "$work/rev2" "$NEXT_BUILD"
use_instance "$root" "$port" "$work/rev1"

note "deployment 1: first install on a fresh instance"
failed=$(codedeploy_deploy "$work/rev1" "" "$work/deploy1.log") || { logs "$work/deploy1.log"; fail "first deployment failed at $failed"; }
curl -fsS --max-time 5 "$base/health" | grep -q '{' || fail "/health does not answer JSON"
[[ "$(curl -fsS --max-time 10 -o /dev/null -w '%{content_type}' "$base/mandelbrot?width=64&height=48&ext=png")" == image/png* ]] \
  || fail "/mandelbrot does not answer a PNG"
check "all five hooks pass and the real service answers /health and renders a PNG"

unit="$root/etc/systemd/system/mandelbrot.service"
! grep -v '^#' "$unit" | grep -q '@' || fail "unit still has placeholders: $(grep '@' "$unit")"
grep -q "^ExecStart=$TEST_JDK/bin/java .*-jar $root/opt/mandelbrot/mandelbrot-server.jar serve$" "$unit" \
  || fail "ExecStart does not run the installed jar with the JDK found: $(grep ExecStart "$unit")"
if command -v systemd-analyze >/dev/null; then
  verify_out=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify: $verify_out"
  # Hardening, judged as on an instance (the test runs the service as the current user): an
  # exposure of at most 3.0 of 10 is systemd's "OK"; the unit is at 2.8.
  sed -e 's/^User=.*/User=mandelbrot/' -e 's/^Group=.*/Group=mandelbrot/' "$unit" >"$work/mandelbrot.service"
  exposure=$(systemd-analyze security --offline=yes --threshold=30 "$work/mandelbrot.service" 2>&1) \
    || fail "the unit's hardening regressed: $(tail -n 1 <<<"$exposure")"
  check "the rendered unit runs the installed jar with Java 25, passes systemd-analyze verify, exposure $(tail -n 1 <<<"$exposure" | grep -oE '[0-9.]+ [A-Z]+')"
else
  echo "skip: systemd-analyze is not installed, the unit is not verified by systemd"
fi

sha1=$(sha256sum "$root/opt/mandelbrot/mandelbrot-server.jar" | cut -d ' ' -f 1)
[[ -s "$root/var/lib/mandelbrot/aot/$sha1.aot" ]] || fail "no AOT cache for jar $sha1"
tr '\0' ' ' <"/proc/$(pid_of_service)/cmdline" | grep -q -- "-XX:AOTCache=$root/var/lib/mandelbrot/aot/$sha1.aot" \
  || fail "the service does not run with the AOT cache of its jar"
maps_cache "$root/var/lib/mandelbrot/aot/$sha1.aot" || fail "the JVM did not map its AOT cache: $(grep aot "$root/run/fake-systemd/mandelbrot.log")"
check "an AOT cache named by the jar's SHA-256 was trained and the service runs with it"

note "deployment 2: a new build replaces the running one"
pid1=$(pid_of_service)
failed=$(DEPLOYMENT_ID=d-2 codedeploy_deploy "$work/rev2" "$work/rev1" "$work/deploy2.log") || { logs "$work/deploy2.log"; fail "second deployment failed at $failed"; }
grep -qx "$pid1 0" "$root/run/fake-systemd/mandelbrot.exits" \
  || fail "the old service did not exit 0 after SIGTERM: $(cat "$root/run/fake-systemd/mandelbrot.exits")"
[[ "$(pid_of_service)" != "$pid1" ]] || fail "the service was not restarted"
sha2=$(sha256sum "$root/opt/mandelbrot/mandelbrot-server.jar" | cut -d ' ' -f 1)
[[ "$sha2" != "$sha1" ]] || fail "the second build has the same hash as the first"
tr '\0' ' ' <"/proc/$(pid_of_service)/cmdline" | grep -q -- "-XX:AOTCache=$root/var/lib/mandelbrot/aot/$sha2.aot" \
  || fail "the new service does not use the new jar's AOT cache"
maps_cache "$root/var/lib/mandelbrot/aot/$sha2.aot" || fail "the JVM did not map the new AOT cache: $(grep aot "$root/run/fake-systemd/mandelbrot.log")"
[[ -s "$root/var/lib/mandelbrot/aot/$sha1.aot" ]] || fail "the previous jar's AOT cache was not kept for a rollback"
grep -q "^PORT=$port$" "$root/etc/mandelbrot/mandelbrot.env" || fail "AfterInstall overwrote the operator's environment file"
curl -fsS --max-time 5 -o /dev/null "$base/health" || fail "the new service does not answer"
check "the old service drained and exited 0; the new jar got its own AOT cache; the config was kept"

note "deployment 3: the same revision again (idempotent hooks)"
failed=$(DEPLOYMENT_ID=d-3 codedeploy_deploy "$work/rev2" "$work/rev2" "$work/deploy3.log") || { logs "$work/deploy3.log"; fail "redeployment failed at $failed"; }
grep -q "AOT cache for jar $sha2 already built" "$work/deploy3.log" || fail "the AOT cache was not reused for the same jar"
# The Install step copied the jar again, with a new modification time, as the agent does.
maps_cache "$root/var/lib/mandelbrot/aot/$sha2.aot" \
  || fail "the JVM rejected the reused AOT cache: $(grep aot "$root/run/fake-systemd/mandelbrot.log" | tail -n 3)"
curl -fsS --max-time 5 -o /dev/null "$base/health" || fail "the service does not answer after a redeployment"
check "redeploying the same revision passes and reuses the AOT cache, which the JVM maps"

note "deployment 3b: the instance's environment file (Terraform user data) wins over the operator's"
# User data writes PORT=app_port to instance.env; mandelbrot.env still says the bundle's port.
port2=$(free_port)
printf '# Written by user data\nPORT=%s\n' "$port2" >"$root/etc/mandelbrot/instance.env"
failed=$(DEPLOYMENT_ID=d-3b codedeploy_deploy "$work/rev2" "$work/rev2" "$work/deploy3b.log") || { logs "$work/deploy3b.log"; fail "redeployment with instance.env failed at $failed"; }
curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$port2/health" || fail "the service does not listen on instance.env's PORT $port2"
! curl -fsS --max-time 2 -o /dev/null "$base/health" 2>/dev/null || fail "the service still listens on mandelbrot.env's PORT $port"
grep -q "^PORT=$port$" "$root/etc/mandelbrot/mandelbrot.env" || fail "AfterInstall changed the operator's environment file"
check "with instance.env the service and ValidateService use its PORT ($port2), not mandelbrot.env's ($port)"

note "ValidateService against a service that never answers"
systemctl stop mandelbrot
started=$SECONDS
if out=$(MANDELBROT_VALIDATE_TIMEOUT=3 LIFECYCLE_EVENT=ValidateService "$work/rev2/hooks/validate-service.sh" 2>&1); then
  fail "ValidateService passed with the service stopped"
fi
grep -q 'ERROR: http://127.0.0.1:[0-9]*/health did not answer 200 within 3 s' <<<"$out" || fail "unclear timeout message: $out"
((SECONDS - started < 10)) || fail "ValidateService took $((SECONDS - started)) s for a 3 s bound"
check "ValidateService gives up after its bound when /health never answers ($((SECONDS - started)) s)"

note "deployment 4: a build that cannot start must fail ValidateService"
make_revision "$bundle" "$work/broken"
printf 'not a jar\n' >"$work/broken/app/mandelbrot-server.jar"
started=$SECONDS
if failed=$(MANDELBROT_VALIDATE_TIMEOUT=20 DEPLOYMENT_ID=d-4 codedeploy_deploy "$work/broken" "$work/rev2" "$work/deploy4.log"); then
  logs "$work/deploy4.log"; fail "a broken build was deployed successfully"
fi
[[ "$failed" == ValidateService ]] || { logs "$work/deploy4.log"; fail "the broken build failed at $failed, not at ValidateService"; }
grep -q 'ERROR: mandelbrot failed to start' "$work/deploy4.log" || { logs "$work/deploy4.log"; fail "ValidateService did not say why it failed"; }
((SECONDS - started < 60)) || fail "the failing deployment took $((SECONDS - started)) s"
check "a build that cannot start fails the sequence at ValidateService with a clear message ($((SECONDS - started)) s)"

note "BeforeInstall on an instance without Java 25"
mkdir -p "$work/old-java/bin"
printf '#!/bin/sh\necho "    java.specification.version = 17" >&2\n' >"$work/old-java/bin/java"
chmod +x "$work/old-java/bin/java"
if out=$(MANDELBROT_JAVA_HOME="$work/old-java" JAVA_HOME="" PATH="$work/old-java/bin:$TEST_DIR/bin:/usr/bin:/bin" \
  "$work/rev1/hooks/before-install.sh" 2>&1); then
  fail "BeforeInstall accepted Java 17"
fi
grep -q 'ERROR: Java 25 or newer is required' <<<"$out" || fail "unclear message without Java 25: $out"
check "BeforeInstall fails with a clear message when only Java 17 is installed"

if [[ -n "$SHARED_AOT_DIR" ]]; then
  rm -rf "$SHARED_AOT_DIR" && mkdir -p "$SHARED_AOT_DIR"
  cp "$root"/var/lib/mandelbrot/aot/*.aot "$SHARED_AOT_DIR/"
  echo "AOT caches of both builds left in $SHARED_AOT_DIR for the rolling-deploy test"
fi

printf '\nlifecycle: %d passed, 0 failed\n' "$passed"
printf 'lifecycle test took %d s\n' "$SECONDS"
