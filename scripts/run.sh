#!/usr/bin/env bash
# Runs the whole platform locally: builds the four services, starts the infrastructure (scripts/infra.sh) and the
# services as `java -jar` of their packaged apps, waits until each is ready and prints how to use it.
#
#   scripts/run.sh          start (a second call while it runs starts only what is missing), with a Prometheus on
#                           127.0.0.1:9090 scraping the four services and evaluating monitoring/rules (scripts/monitoring.sh;
#                           Debian's prometheus package, installed on first use)
#   scripts/run.sh up --no-prometheus   the same without Prometheus
#   scripts/run.sh status   what runs where
#   scripts/run.sh down     stop the services and the infrastructure this project started
#   scripts/run.sh prod-parity   the same services with the `prod` profile and exactly the environment the rendered
#                                prod Deployments give them (scripts/parity.sh; stop with scripts/parity.sh down)
#
# Services run from a copy of their packaged app under .local/apps/, so a rebuild never pulls jars from under a
# running process. Logs: .local/logs/<service>.log.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="${PLATFORM_LOCAL_DIR:-$ROOT/.local}"
LOGS="$LOCAL/logs" RUN="$LOCAL/run" APPS="$LOCAL/apps"
mkdir -p "$LOGS" "$RUN" "$APPS"

# service:port, in start order (the gateway last, once its upstreams answer). Each serves /q/* (health, metrics,
# OpenAPI) on its management port instead (quarkus.management.port in its application.properties).
SERVICES=(catalog-service:8081 user-service:8082 cache-service:8083 gateway-service:8080)
declare -A MANAGEMENT=([catalog-service]=9001 [user-service]=9002 [cache-service]=9003 [gateway-service]=9000)
GATEWAY=http://127.0.0.1:8080
# scripts/infra.sh's zipkin: the services export their spans there (their local default endpoint).
ZIPKIN=http://127.0.0.1:9411/zipkin/

log() { printf '[run] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
pid_of() { local f="$RUN/$1.pid"; [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; return 0; }
ready() { curl -fs -o /dev/null --max-time 5 "http://127.0.0.1:${MANAGEMENT[$1]}/q/health/ready"; } # service name
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_service() { # name port
  local name=$1 port=$2
  if [[ -n "$(pid_of "$name")" ]]; then log "$name already running (pid $(pid_of "$name"))"; return; fi
  port_open "$port" && die "port $port is taken by a process this script did not start"
  port_open "${MANAGEMENT[$name]}" && die "port ${MANAGEMENT[$name]} is taken by a process this script did not start"
  rm -rf "$APPS/$name" && cp -r "$ROOT/$name/target/quarkus-app" "$APPS/$name"
  # Profile `local`: the unprefixed configuration (127.0.0.1 servers, dev-only credentials, readable logs).
  # Every request is traced here (sampling ratio 1, and the gateway's budget of traces a second raised from 20), so
  # any request can be looked up in Zipkin; the configured defaults, what the tests, the benchmark and production run
  # with, are 0.05 and 20 a second per gateway replica (gateway-service/README.md, "Traces").
  local sampling=(-Dplatform.tracing.sampler-ratio=1)
  [[ $name == gateway-service ]] && sampling=(-Dgateway.tracing.sampler-ratio=1 -Dgateway.tracing.max-traces-per-second=1000)
  nohup java -Xms128m -Xmx512m -Dquarkus.profile=local "${sampling[@]}" -jar "$APPS/$name/quarkus-run.jar" >"$LOGS/$name.log" 2>&1 &
  echo $! >"$RUN/$name.pid"
  log "started $name (pid $!) on port $port"
}

wait_ready() { # name port
  local name=$1 port=$2 start=$SECONDS
  until ready "$name"; do
    [[ -n "$(pid_of "$name")" ]] || { tail -n 40 "$LOGS/$name.log" >&2; die "$name exited; see $LOGS/$name.log"; }
    if (( SECONDS - start > 180 )); then
      curl -s "http://127.0.0.1:${MANAGEMENT[$name]}/q/health/ready" >&2 || true
      die "$name not ready after 180 s; see $LOGS/$name.log"
    fi
    sleep 1
  done
  log "$name ready ($((SECONDS - start)) s)"
}

all_running() {
  local s; for s in "${SERVICES[@]}"; do [[ -n "$(pid_of "${s%%:*}")" ]] || return 1; done
}

cmd_up() {
  local with_prometheus=yes
  [[ ${1:-} == --no-prometheus ]] && with_prometheus=no
  "$ROOT/scripts/infra.sh" up >/dev/null
  if ! all_running; then
    log "building the services (./mvnw package, tests skipped: the test command runs them)"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests) || die "build failed"
  fi
  local s
  for s in "${SERVICES[@]}"; do start_service "${s%%:*}" "${s##*:}"; done
  for s in "${SERVICES[@]}"; do wait_ready "${s%%:*}" "${s##*:}"; done
  local prometheus="not started (scripts/monitoring.sh up)"
  if [[ $with_prometheus == yes ]]; then
    # Metrics are a convenience here: the platform stays up when Prometheus cannot start (no package, port taken).
    if "$ROOT/scripts/monitoring.sh" up; then prometheus="http://127.0.0.1:${PLATFORM_PROMETHEUS_PORT:-9090}  (alerts: /alerts, rules: monitoring/rules/)"
    else log "Prometheus did not start (above); the services run without it"; fi
  fi
  cmd_status
  cat <<EOF

The platform is up. Gateway: $GATEWAY   (API under $GATEWAY/api/v1)
Docs portal (Swagger UI, all services in one document): $GATEWAY/api/docs
  the document itself, to generate an SDK from: $GATEWAY/api/docs/openapi.json
Prometheus: $prometheus
Traces (Zipkin, every request here is traced): $ZIPKIN
  find a request by its X-Request-Id: tag query request.id=<id> (on the gateway's span), or by service and time

Get a token for a dev user (DEV ONLY credentials) and call the API through the gateway:
  TOKEN=\$(curl -s -d grant_type=password -d client_id=platform-cli -d username=alice -d password=alice-dev-password \\
    http://127.0.0.1:8180/realms/platform/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
  curl -H "Authorization: Bearer \$TOKEN" $GATEWAY/api/v1/users/me

Stop everything:  scripts/run.sh down        Logs: .local/logs/
EOF
}

cmd_status() {
  local s name port state
  for s in "${SERVICES[@]}"; do
    name=${s%%:*} port=${s##*:}
    if ready "$name"; then state=UP; elif [[ -n "$(pid_of "$name")" ]]; then state=STARTING; else state=DOWN; fi
    printf '%-16s %-8s http://127.0.0.1:%s  management :%s  pid %s\n' "$name" "$state" "$port" "${MANAGEMENT[$name]}" "$(pid_of "$name")"
  done
  "$ROOT/scripts/monitoring.sh" status
  "$ROOT/scripts/infra.sh" status
}

cmd_down() {
  local s name pid i
  for s in "${SERVICES[@]}"; do
    name=${s%%:*}
    pid=$(pid_of "$name")
    if [[ -n $pid ]]; then
      log "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$RUN/$name.pid"
  done
  "$ROOT/scripts/monitoring.sh" down
  "$ROOT/scripts/infra.sh" down
}

case "${1:-up}" in
  up) shift || true; cmd_up "$@" ;;
  --no-prometheus) cmd_up "$@" ;;
  status) cmd_status ;;
  down|stop) cmd_down ;;
  prod-parity) exec "$ROOT/scripts/parity.sh" up ;;
  *) die "usage: $0 [up [--no-prometheus]|status|down|prod-parity]" ;;
esac
