#!/usr/bin/env bash
# The whole test suite: starts what the tests need (PostgreSQL databases, Kafka, Infinispan, Keycloak) if it is not
# running, runs every module's tests against those real servers (unit, @QuarkusTest, *IT against the packaged jars
# and the end-to-end journeys through the gateway), checks contracts and the Kubernetes manifests, and stops what it
# started. .ci/run calls exactly this.
#
#   scripts/test.sh [extra Maven arguments]     e.g. scripts/test.sh -pl catalog-service -am
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$(mktemp)
figures=target/test-figures.md
print_figures() {
  if [[ -s $figures ]]; then
    echo "[test] figures measured by the fault, fuzz and attack tests ($figures):" >&2
    cat "$figures" >&2
  fi
}
# On a red run: what the journeys' services complained about (gateway-service/target/journeys/*.log), counted by
# message with numbers and ids masked, so a failure on a machine whose files are gone still shows its cause.
print_journey_complaints() {
  local log
  for log in gateway-service/target/journeys/*.log; do
    [[ -f $log ]] || continue
    echo "[test] warnings and errors in $log, most frequent first:" >&2
    grep -E ' (WARN|ERROR) ' "$log" | cut -d' ' -f2- | sed -E 's/[0-9a-f-]{16,36}/<id>/g; s/[0-9]+/N/g' | cut -c1-220 \
      | sort | uniq -c | sort -rn | head -n 12 >&2 || true
  done
}
cleanup() {
  local rc=$?
  print_figures
  if ((rc != 0)); then print_journey_complaints; fi
  if [[ -s $started ]]; then
    echo "[test] stopping what this run started: $(tr '\n' ' ' <"$started")" >&2
    # shellcheck disable=SC2046
    scripts/infra.sh down $(cat "$started") || true
  fi
  rm -f "$started"
  exit $rc
}
trap cleanup EXIT INT TERM

# The docs-portal journey drives headless Chromium through Debian's chromedriver (DocsPortalBrowserIT).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  echo "[test] installing Debian's chromium and chromium-driver for the docs-portal journey" >&2
  if ((EUID == 0)); then sudo=""; else sudo=sudo; fi
  $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q chromium chromium-driver >/dev/null
fi

INFRA_STARTED_FILE=$started scripts/infra.sh up
# Empty test databases: what another branch migrated into the machine's shared cluster never decides this run.
scripts/infra.sh reset-test-databases

start=$SECONDS
mkdir -p target && rm -f "$figures"
# -Djourneys: after every module is packaged, gateway-service runs the end-to-end journeys through the gateway against
# all four packaged services (gateway-service/src/test/java/io/scalableapi/gateway/journeys).
./mvnw -B verify -Djourneys "$@"
echo "[test] Maven verify passed in $((SECONDS - start)) s" >&2

# Production parity (scripts/parity.sh): the packaged services with the prod profile and the rendered prod
# Deployments' environment, the local servers holding the cluster's users, roles and ACLs, and a smoke journey.
# It needs all four packaged services: a partial run (extra Maven arguments) leaves it out.
if [[ $# -eq 0 ]]; then
  start=$SECONDS
  scripts/parity.sh check
  echo "[test] production-parity journey passed in $((SECONDS - start)) s" >&2
fi

# Contract gate (RELEASING.md): the services' OpenAPI documents this build wrote against their baselines
# (shared-contracts' Java API and event schemas were checked inside the build), then the gate's own self-test.
scripts/contract-gate.sh --no-build --only openapi
scripts/contract-gate-selftest.sh
# Releasing one module bumps exactly its image tag (and version label) in the prod overlay: a dry run, no builds.
scripts/image-release-selftest.sh

# Monitoring (monitoring/README.md): the rules file checked and every alert unit-tested with promtool (Debian's
# prometheus package, installed here on a fresh machine). That every metric the rules and dashboards read exists is
# checked against the running services inside the production-parity run above.
scripts/monitoring.sh test

if [[ -x scripts/k8s-check.sh ]]; then
  scripts/k8s-check.sh
fi
echo "[test] all tests passed" >&2
