#!/usr/bin/env bash
# Production parity (issue 16): the four packaged services with the `prod` profile and exactly the environment the
# rendered prod Deployments give their containers, against the local servers, then a smoke journey through the
# gateway. What works here comes up in the cluster; what would not come up there fails here.
#
#   scripts/parity.sh up       start (infrastructure included), print the gateway URL
#   scripts/parity.sh smoke    run the smoke journey against a running parity platform
#   scripts/parity.sh metrics  check that the monitoring rules and dashboards read only metrics these services expose
#   scripts/parity.sh check    up + smoke + metrics check + down: what the test command runs
#   scripts/parity.sh down     stop the services this script started (by PID)
#   scripts/parity.sh env      only render and print where each service's environment was written
#
# The environment comes from `kubectl kustomize k8s/overlays/prod` (Deployments, ConfigMaps) with the Secret values
# of k8s/overlays/dev (DEV ONLY, the local servers' credentials); scripts/parity/environment.mjs lists the only
# differences (Service names -> 127.0.0.1 ports, one local port pair per service, the memory limit as -XX:MaxRAM).
# Each process starts from an empty environment (`env -i`) plus that file, so nothing of this shell leaks in.
# Files: .local/parity/ (rendered overlays, env files), logs .local/logs/parity-<service>.log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="${PLATFORM_LOCAL_DIR:-$ROOT/.local}"
OUT="$LOCAL/parity" LOGS="$LOCAL/logs" RUN="$LOCAL/parity/run" APPS="$LOCAL/parity/apps"
SERVICES=(catalog-service user-service cache-service gateway-service)   # start order: the gateway last
GATEWAY=http://127.0.0.1:8080

log() { printf '[parity] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
pid_of() { local f="$RUN/$1.pid"; [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; return 0; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
json() { node -e 'const r=require(process.argv[1]); const v=process.argv[2].split(".").reduce((o,k)=>o==null?o:o[k],r); console.log(Array.isArray(v)?v.join("\n"):(v??""))' "$OUT/$1.json" "$2"; }

render() {
  "$ROOT/scripts/k8s-check.sh" --install-tools >/dev/null
  local kubectl="$LOCAL/k8s-tools/bin/kubectl"
  mkdir -p "$OUT" "$LOGS" "$RUN"
  "$kubectl" kustomize "$ROOT/k8s/overlays/prod" >"$OUT/prod.yaml"
  "$kubectl" kustomize "$ROOT/k8s/overlays/dev" >"$OUT/dev.yaml"
  node "$ROOT/scripts/parity/environment.mjs" "$OUT/prod.yaml" "$OUT/dev.yaml" "$OUT" \
    || die "the rendered Deployments ask for something the parity run cannot give (above)"
}

start_service() {
  local name=$1
  [[ -n "$(pid_of "$name")" ]] && { log "$name already running (pid $(pid_of "$name"))"; return; }
  local port; for port in $(json "$name" ports.http) $(json "$name" ports.management); do
    port_open "$port" && die "port $port is taken by a process this script did not start (scripts/run.sh down?)"
  done
  [[ -f "$ROOT/$name/target/quarkus-app/quarkus-run.jar" ]] || die "$name is not packaged (./mvnw package -DskipTests)"
  rm -rf "$APPS/$name" && mkdir -p "$APPS" && cp -r "$ROOT/$name/target/quarkus-app" "$APPS/$name"
  local -a environment=() options=()
  mapfile -t environment <"$OUT/$name.env"
  mapfile -t options < <(json "$name" javaOptions)
  local max_ram; max_ram=$(json "$name" maxRamBytes)
  # The container's memory limit is what MaxRAMPercentage applies to; here the machine's RAM would be.
  [[ -n $max_ram ]] && options+=("-XX:MaxRAM=$max_ram")
  # Listen on loopback only, whatever the image's flags say (0.0.0.0 in the pod).
  options+=("-Dquarkus.http.host=127.0.0.1" "-Dquarkus.management.host=127.0.0.1")
  mkdir -p "$LOCAL/parity/tmp/$name"
  env -i PATH="$PATH" HOME="$LOCAL/parity/tmp/$name" TMPDIR="$LOCAL/parity/tmp/$name" "${environment[@]}" \
    nohup java "${options[@]}" \
    -jar "$APPS/$name/quarkus-run.jar" >"$LOGS/parity-$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  log "started $name (pid $!, prod profile, $(wc -l <"$OUT/$name.env") variables, memory limit $(json "$name" memoryLimit))"
}

wait_ready() {
  local name=$1 start=$SECONDS url
  url="http://127.0.0.1:$(json "$name" readiness.port)$(json "$name" readiness.path)"
  until curl -fs -o /dev/null --max-time 5 "$url"; do
    [[ -n "$(pid_of "$name")" ]] || { tail -n 40 "$LOGS/parity-$name.log" >&2; die "$name exited; see $LOGS/parity-$name.log"; }
    if (( SECONDS - start > ${PARITY_READY_TIMEOUT:-150} )); then
      log "$name readiness ($url):"; curl -s --max-time 5 "$url" >&2 || true; echo >&2
      die "$name not ready after ${PARITY_READY_TIMEOUT:-150} s (the startup probe's budget); see $LOGS/parity-$name.log"
    fi
    sleep 1
  done
  log "$name ready ($((SECONDS - start)) s, $url)"
}

cmd_up() {
  "$ROOT/scripts/infra.sh" up >/dev/null
  render
  local s
  for s in "${SERVICES[@]}"; do start_service "$s"; done
  for s in "${SERVICES[@]}"; do wait_ready "$s"; done
  log "the platform runs as the prod overlay would run it. Gateway: $GATEWAY   (stop: scripts/parity.sh down)"
}

cmd_smoke() {
  java "$ROOT/scripts/parity/ParitySmoke.java" "$GATEWAY" "http://127.0.0.1:8180/realms/platform"
}

# After the smoke journey (requests on every route, events published and consumed): every metric the alerting rules and
# Grafana dashboards read is exposed by these services, as the cluster's Prometheus would scrape them
# (scripts/monitoring.sh check-metrics; allow-list monitoring/metrics-allowlist.txt).
cmd_metrics() {
  local s ports=()
  for s in "${SERVICES[@]}"; do ports+=("$(json "$s" ports.management)"); done
  # Up to 90 s for the meters that appear after first use (the Kafka consumer's per-partition lag: Micrometer binds
  # new Kafka client metrics once a minute).
  "$ROOT/scripts/monitoring.sh" check-metrics --wait 90 "${ports[@]}"
}

cmd_down() {
  local s pid i
  for s in "${SERVICES[@]}"; do
    pid=$(pid_of "$s")
    if [[ -n $pid ]]; then
      log "stopping $s (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$RUN/$s.pid"
  done
}

case "${1:-up}" in
  up) cmd_up ;;
  smoke) cmd_smoke ;;
  check) trap cmd_down EXIT; cmd_up; cmd_smoke; cmd_metrics ;;
  metrics) cmd_metrics ;;
  down|stop) cmd_down ;;
  env) render; ls "$OUT"/*.env ;;
  *) die "usage: $0 [up|smoke|metrics|check|down|env]" ;;
esac
