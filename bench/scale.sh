#!/usr/bin/env bash
# The gateway under real concurrency, on 127.0.0.1, every figure also as a ratio against a baseline of the same run.
#
#   bench/scale.sh [--duration S] [--warmup S] [--connections N] [--gateway-app DIR] [--before-app DIR] [--quick]
#
# --duration     seconds per measured run (default 8); --warmup: seconds of load before each, not counted (default 3)
# --connections  concurrency of the single cases (a)-(f) (default 16; the sweep covers 16, 64, 256, 1024)
# --gateway-app  the packaged gateway (a quarkus-app directory) to measure; default .local/apps/gateway-service
# --before-app   a second gateway build (e.g. an earlier commit's) measured in the same run, shown as "before" vs "after":
#                  git worktree add /tmp/before <commit> && (cd /tmp/before && ./mvnw -q -pl gateway-service -am package -DskipTests)
#                  bench/scale.sh --before-app /tmp/before/gateway-service/target/quarkus-app
# --before-prop  K=V, a system property for the before build only (repeatable): an older build may need today's servers
#                configured differently, e.g. one that still creates its cache needs Infinispan's operator identity:
#                --before-prop quarkus.infinispan-client.username=operator --before-prop quarkus.infinispan-client.password=operator-dev-only
# --pin          the load generator on CPU 1, everything it measures (nginx, the gateways, Infinispan) on CPU 0, so the
#                generator's own cost, which grows with connections, never takes CPU from what it measures. Capacities
#                are then one core's; the ratios are the point. Infinispan (started by scripts/infra.sh) is pinned for
#                the run and given all CPUs back at its end.
# --quick        a smoke run: 2 s runs, 1 s warm-ups
#
# Uses the running Infinispan and Keycloak (started with scripts/infra.sh when they are not), and starts for the length of
# the run only (stopped by PID at the end):
#   - a static backend: nginx answering a fixed ~300-byte application/json to any path;
#   - nginx as a reverse proxy to it (the reference proxy, keep-alive to the upstream);
#   - the gateway with the static backend as its catalog upstream, rate limit on (a namespace of its own and limits
#     that are never reached, for every tier), and the same gateway with the catalog route's rate limit off. Both trust
#     127.0.0.1 as a proxy, so that case (f) can spread anonymous callers over 10,000 X-Forwarded-For addresses.
# Load comes from bench/LoadGen.java (one selector thread, keep-alive, one request in flight per connection): closed
# loop for the cases and the concurrency sweep, open loop (fixed intended send times, latency from the intended time)
# rising rates until the gateway no longer keeps up (its open-loop capacity), then 2x that and 2x the closed-loop peak. CPU per request comes from utime+stime in /proc/PID/stat of the process under
# test, Infinispan and nginx (master + workers), read by LoadGen at the start and end of the measured window.
# Last, the limiter's store work as replicas are added: four more gateways share one hot key's limit, and Infinispan's
# own statistics of the limiter cache (stores + retrievals + removes) are divided by the decisions the gateways count,
# at 1, 2 and 4 replicas with 32 connections in all.
# Results: bench/results/<UTC timestamp>-scale.md, also printed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="${PLATFORM_LOCAL_DIR:-$ROOT/.local}"
WORK="$LOCAL/bench-scale"
DURATION=8 WARMUP=3 CONNECTIONS=16 GATEWAY_APP="" BEFORE_APP="" QUICK=0 PIN=0 DURATION_SET=0 WARMUP_SET=0
BEFORE_PROPS=()
SWEEP=(16 64 256 1024)
ARGS="$*"
usage() { echo "usage: $0 [--duration S] [--warmup S] [--connections N] [--gateway-app DIR] [--before-app DIR] [--before-prop K=V]... [--pin] [--quick]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) DURATION=$2; DURATION_SET=1; shift 2 ;;
    --warmup) WARMUP=$2; WARMUP_SET=1; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --gateway-app) GATEWAY_APP=$(cd "$2" && pwd); shift 2 ;;
    --before-app) BEFORE_APP=$(cd "$2" && pwd); shift 2 ;;
    --before-prop) BEFORE_PROPS+=("-D$2"); shift 2 ;;
    --pin) PIN=1; shift ;;
    --quick) QUICK=1; shift ;;
    *) usage ;;
  esac
done
if [[ $QUICK == 1 ]]; then
  [[ $DURATION_SET == 1 ]] || DURATION=2
  [[ $WARMUP_SET == 1 ]] || WARMUP=1
fi
# Where each side runs: SUT prefixes every server this script starts, GEN the load generator.
SUT=() GEN=()
if [[ $PIN == 1 ]]; then
  (( $(nproc) >= 2 )) || { echo "--pin needs 2 CPUs" >&2; exit 2; }
  SUT=(taskset -c 0) GEN=(taskset -c 1)
fi
TIMEOUT=$(( DURATION < 5 ? 5 : 10 ))   # open loop: how long past the window an answer is waited for
GATEWAY_APP=${GATEWAY_APP:-$LOCAL/apps/gateway-service}
for app in "$GATEWAY_APP" $BEFORE_APP; do
  [[ -f $app/quarkus-run.jar ]] || { echo "no quarkus-run.jar in $app" >&2; exit 2; }
done
STAMP=$(date -u +%Y-%m-%dT%H-%M-%SZ)
RES="$WORK/$STAMP"
mkdir -p "$WORK" "$RES" "$ROOT/bench/results"
log() { printf '[scale] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# 1,024 client connections plus the proxies' upstream connections: raise this shell's limit (inherited by what it starts).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(( $(ulimit -n) >= 4096 )) || log "warning: open-file limit $(ulimit -n); the 1,024-connection steps may fail"

# ------------------------------------------------------------------------------------------------------------ tools
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
install_tools() {
  command -v nginx >/dev/null || install_packages nginx-light
}

# ------------------------------------------------------------------------------------------------------------ processes

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
TAKEN=" "
free_port() { # base -> the first port from base that nothing listens on and this run has not handed out
  local p=$1
  while port_open "$p" || [[ $TAKEN == *" $p "* ]]; do p=$((p + 1)); done
  TAKEN+="$p "
  echo "$p"
}

nginx_common() { # prefix
  cat <<EOF
daemon off;
worker_processes 2;
worker_rlimit_nofile 65536;
pid $1/nginx.pid;
error_log $1/error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $1/tmp; proxy_temp_path $1/tmp;
  fastcgi_temp_path $1/tmp; uwsgi_temp_path $1/tmp; scgi_temp_path $1/tmp;
EOF
}

start_nginx() { # name config-body -> PID of the master in NGINX_PID
  local dir="$WORK/$1"
  mkdir -p "$dir/tmp"
  { nginx_common "$dir"; echo "$2"; echo "}"; } >"$dir/nginx.conf"
  "${SUT[@]}" nginx -c "$dir/nginx.conf" -p "$dir" >"$dir/out.log" 2>&1 &
  NGINX_PID=$!
  PIDS+=("$NGINX_PID")
}

nginx_pids() { # master -> "master,worker,worker" (once both workers run)
  local workers i
  for i in $(seq 1 50); do
    workers=$(ps -o pid= --ppid "$1" | xargs | tr ' ' ',')
    [[ $workers == *,* ]] && break
    sleep 0.1
  done
  echo "$1${workers:+,$workers}"
}

start_static() { # port
  # A fixed product-shaped JSON (~300 bytes) for any path.
  start_nginx static "  server {
    listen 127.0.0.1:$1 backlog=4096;
    location / {
      default_type application/json;
      return 200 '{\"id\":\"00000000-0000-4000-8000-000000000001\",\"sku\":\"bench-static\",\"name\":\"Static product\",\"description\":\"A fixed answer from the static backend of bench/scale.sh\",\"price\":9.99,\"currency\":\"EUR\",\"stockQuantity\":10,\"categoryId\":\"00000000-0000-4000-8000-000000000002\",\"status\":\"ACTIVE\",\"attributes\":{},\"version\":1}';
    }
  }"
}

start_proxy() { # port upstream-port
  start_nginx proxy "  upstream catalog { server 127.0.0.1:$2; keepalive 1024; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$1 backlog=4096;
    location / {
      proxy_pass http://catalog;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }"
}

start_gateway() { # name port app-dir java-properties... -> PID in GW_PID
  local name=$1 port=$2 app=$3; shift 3
  nohup "${SUT[@]}" java -Xms256m -Xmx512m -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dquarkus.management.port="$((port + 1000))" \
    -Dgateway.upstreams.catalog.urls="http://127.0.0.1:$STATIC_PORT" -Dgateway.forwarding.trusted-proxies=127.0.0.1/32 \
    "${HIGH[@]}" "$@" -jar "$app/quarkus-run.jar" >"$WORK/$name.log" 2>&1 &
  GW_PID=$!
  PIDS+=("$GW_PID")
}

# /q/* is on the management port (port + 1000); a build from before the management interface serves it on its own port.
mgmt_get() { # port path
  curl -fs --max-time 2 "http://127.0.0.1:$(($1 + 1000))$2" 2>/dev/null || curl -fs --max-time 2 "http://127.0.0.1:$1$2"
}

await_ready() { # name port pid
  local i
  for i in $(seq 1 180); do
    mgmt_get "$2" /q/health/ready >/dev/null && return 0
    kill -0 "$3" 2>/dev/null || { tail -n 30 "$WORK/$1.log" >&2; die "$1 exited; see $WORK/$1.log"; }
    sleep 1
  done
  die "$1 not ready after 180 s; see $WORK/$1.log"
}

await_port() { # port
  local i
  for i in $(seq 1 50); do port_open "$1" && return 0; sleep 0.1; done
  die "nothing listens on $1"
}

infinispan_pid() {
  local pid
  pid=$(cat "$LOCAL/run/infinispan.pid" 2>/dev/null || true)
  if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
    pid=$(pgrep -f 'java.*infinispan' | head -1 || true)
  fi
  echo "$pid"
}

# ------------------------------------------------------------------------------------------------------------ measuring
token() { # user password
  curl -s -d grant_type=password -d client_id=platform-cli -d "username=$1" -d "password=$2" \
    http://127.0.0.1:8180/realms/platform/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

CLK_TCK=$(getconf CLK_TCK)
LG=("${GEN[@]}" java -XX:+UseSerialGC -Xms64m -Xmx512m -cp "$WORK/loadgen" LoadGen)

# One measured run: name, target label, url, then LoadGen options. The JSON goes to $RES/<name>.json. The CPU of the
# process under test ("target"), Infinispan and the static backend is read over the measured window.
run_case() { # name target-pids url loadgen-options...
  local name=$1 target=$2 url=$3; shift 3
  local cpu=(--cpu "target=$target" --cpu "backend=$STATIC_PIDS")
  [[ -n $ISPN_PID ]] && cpu+=(--cpu "infinispan=$ISPN_PID")
  log "  $name"
  "${LG[@]}" --url "$url" --clk-tck "$CLK_TCK" "${cpu[@]}" "$@" >"$RES/$name.json" \
    || die "LoadGen failed for $name"
}

closed() { # name target-pids url connections [loadgen-options...]
  local name=$1 target=$2 url=$3 conns=$4; shift 4
  run_case "$name" "$target" "$url" --connections "$conns" --duration "$DURATION" --warmup "$WARMUP" "$@"
}

open_loop() { # name target-pids url rate [loadgen-options...]
  local name=$1 target=$2 url=$3 rate=$4; shift 4
  run_case "$name" "$target" "$url" --rate "$rate" --max-connections 4096 --duration "$DURATION" --warmup "$WARMUP" \
    --timeout "$TIMEOUT" "$@"
}

peak_goodput() { # json files... -> the highest goodput among them
  python3 -c 'import json,sys; print(max(json.load(open(f))["goodput"] for f in sys.argv[1:]))' "$@"
}

# Limiter decisions as the gateway's metrics count them ("fail_open" = passed unchecked because the store was too slow).
outcomes() { # port
  mgmt_get "$1" /q/metrics | awk -F'[{}]' '/^gateway_ratelimit_decisions_total\{/ {
      match($2, /outcome="[a-z_]+"/); o = substr($2, RSTART + 9, RLENGTH - 10); split($3, v, " "); n[o] += v[1] }
    END { for (o in n) printf "%s=%d ", o, n[o] }'
}

# Store operations (Infinispan's own statistics of the limiter's cache: stores + retrievals + removes) per decision.
ispn_ops() {
  curl -s --digest -u platform:platform-dev-only \
    "http://127.0.0.1:11222/rest/v2/caches/gateway-rate-limits?action=stats" | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d["stores"] + d["retrievals"] + d.get("remove_hits", 0) + d.get("remove_misses", 0))'
}
decisions_total() { # ports... -> limiter decisions summed over these gateways
  local port total=0 n
  for port in "$@"; do
    n=$(curl -s "http://127.0.0.1:$((port + 1000))/q/metrics" | awk -F'[{}]' '/^gateway_ratelimit_decisions_total\{/ {
        split($3, v, " "); n += v[1] } END { printf "%d", n }')
    total=$((total + n))
  done
  echo "$total"
}

# Where the gateway's CPU goes: JFR CPU samples over one extra run (not part of any figure: recording costs CPU), the top
# frames written next to the results (bench/jfr_top.py).
# The top frames, then the gateway's own methods by their share of the samples (which step costs what).
profile_run() { # label port pid [LoadGen arguments...]
  local label=$1 port=$2 pid=$3 jfr="$RES/profile-$1.jfr"
  shift 3
  jcmd "$pid" JFR.start name=bench settings="$WORK/cpu.jfc" filename="$jfr" >/dev/null || { log "  no JFR for $label"; return 0; }
  closed "profile-$label" "$pid" "$(url "$port")" "$CONNECTIONS" "$@"
  jcmd "$pid" JFR.stop name=bench >/dev/null || true
  { python3 "$ROOT/bench/jfr_top.py" "$jfr" --top 15 && echo &&
    python3 "$ROOT/bench/jfr_top.py" "$jfr" --top 15 --match io.scalableapi | sed -n '/^| total %/,$p'
  } >"$RES/profile-$label.md" || true
}

# One hot key (every request from 127.0.0.1, anonymous, limit never reached) through 1, 2 and 4 replicas sharing the
# store, 32 connections in all: store operations per decision must not grow with the replicas.
replica_scaling() {
  local ports=() pids=() i r port per ops0 ops1 d0 d1 lg
  for i in 1 2 3 4; do
    port=$(free_port $((18300 + i)))
    start_gateway "replica-$i" "$port" "$GATEWAY_APP" -Dgateway.rate-limit.namespace="$NS-replicas"
    ports+=("$port") pids+=("$GW_PID")
  done
  for i in 0 1 2 3; do await_ready "replica-$((i + 1))" "${ports[$i]}" "${pids[$i]}"; done
  for i in 0 1 2 3; do "${LG[@]}" --url "$(url "${ports[$i]}")" --connections 8 --duration 3 >/dev/null; done
  : >"$RES/replicas.txt"
  for r in 1 2 4; do
    per=$((32 / r))
    ops0=$(ispn_ops) d0=$(decisions_total "${ports[@]:0:$r}")
    lg=()
    for ((i = 0; i < r; i++)); do
      "${LG[@]}" --url "$(url "${ports[$i]}")" --connections "$per" --duration "$DURATION" >"$RES/replicas-$r-$i.json" &
      lg+=($!)
    done
    wait "${lg[@]}"
    ops1=$(ispn_ops) d1=$(decisions_total "${ports[@]:0:$r}")
    echo "$r|$((d1 - d0))|$((ops1 - ops0))" >>"$RES/replicas.txt"
    log "  $r replica(s): $((d1 - d0)) decisions, $((ops1 - ops0)) store operations"
  done
  for i in 0 1 2 3; do kill -TERM "${pids[$i]}" 2>/dev/null || true; done
}
# ==================================================================================================================

# ------------------------------------------------------------------------------------------------------------ run
install_tools
# Only Infinispan (the limiter's store) and Keycloak (the bearer case's token) are needed: started when not running.
if ! port_open 11222 || ! port_open 8180; then
  log "starting Infinispan and Keycloak: scripts/infra.sh up infinispan keycloak"
  "$ROOT/scripts/infra.sh" up infinispan keycloak >/dev/null
fi
ISPN_PID=$(infinispan_pid)
[[ -n $ISPN_PID ]] || log "warning: no Infinispan process found; its CPU is not reported"
if [[ $PIN == 1 && -n $ISPN_PID ]]; then
  taskset -a -p -c 0 "$ISPN_PID" >/dev/null
  unpin_infinispan() { taskset -a -p -c "0-$(($(nproc) - 1))" "$ISPN_PID" >/dev/null 2>&1 || true; }
  trap 'unpin_infinispan; stop_started' EXIT INT TERM
  log "pinned: servers and Infinispan (pid $ISPN_PID) on CPU 0, the load generator on CPU 1"
fi

log "compiling bench/LoadGen.java"
rm -rf "$WORK/loadgen" && mkdir -p "$WORK/loadgen"
javac -d "$WORK/loadgen" "$ROOT/bench/LoadGen.java"

NS="scale-$(date +%s)"
HIGH=(-Dgateway.rate-limit.namespace="$NS")
for tier in anonymous default free pro; do
  HIGH+=(-Dgateway.rate-limit.policies.standard.tiers.$tier.limit=1000000000
         -Dgateway.rate-limit.policies.standard.tiers.$tier.burst=1000000000)
done

STATIC_PORT=$(free_port 18290) PROXY_PORT=$(free_port 18291)
ON_PORT=$(free_port 18280) OFF_PORT=$(free_port 18281)
log "starting: static backend :$STATIC_PORT, nginx proxy :$PROXY_PORT, gateway limiter on :$ON_PORT, off :$OFF_PORT"
start_static "$STATIC_PORT"; STATIC_MASTER=$NGINX_PID
start_proxy "$PROXY_PORT" "$STATIC_PORT"; PROXY_MASTER=$NGINX_PID
start_gateway gateway-on "$ON_PORT" "$GATEWAY_APP"; ON_PID=$GW_PID
start_gateway gateway-off "$OFF_PORT" "$GATEWAY_APP" -Dgateway.routes.catalog.rate-limit-policy=; OFF_PID=$GW_PID
REFUSE_PORT=$(free_port 18284)
start_gateway gateway-refusing "$REFUSE_PORT" "$GATEWAY_APP" -Dgateway.admission.max-in-flight=0; REFUSE_PID=$GW_PID
GATEWAYS=("after-on:$ON_PORT:$ON_PID" "after-off:$OFF_PORT:$OFF_PID")
if [[ -n $BEFORE_APP ]]; then
  BON_PORT=$(free_port 18282) BOFF_PORT=$(free_port 18283)
  log "starting the before build: limiter on :$BON_PORT, off :$BOFF_PORT"
  start_gateway before-on "$BON_PORT" "$BEFORE_APP" "${BEFORE_PROPS[@]}"; BON_PID=$GW_PID
  start_gateway before-off "$BOFF_PORT" "$BEFORE_APP" "${BEFORE_PROPS[@]}" -Dgateway.routes.catalog.rate-limit-policy=; BOFF_PID=$GW_PID
  GATEWAYS+=("before-on:$BON_PORT:$BON_PID" "before-off:$BOFF_PORT:$BOFF_PID")
fi
await_port "$STATIC_PORT"; await_port "$PROXY_PORT"
STATIC_PIDS=$(nginx_pids "$STATIC_MASTER") PROXY_PIDS=$(nginx_pids "$PROXY_MASTER")
await_ready gateway-on "$ON_PORT" "$ON_PID"
await_ready gateway-off "$OFF_PORT" "$OFF_PID"
await_ready gateway-refusing "$REFUSE_PORT" "$REFUSE_PID"
if [[ -n $BEFORE_APP ]]; then
  await_ready before-on "$BON_PORT" "$BON_PID"
  await_ready before-off "$BOFF_PORT" "$BOFF_PID"
fi

ITEM=/api/v1/products/00000000-0000-4000-8000-000000000001
url() { echo "http://127.0.0.1:$1$ITEM"; }
curl -fs -o /dev/null "$(url "$ON_PORT")" || die "the gateway does not answer 2xx on $ITEM: $(curl -s "$(url "$ON_PORT")")"

# Every target warmed before any is measured (JIT, pools), at a concurrency the gateway serves without shedding.
# Pinned, each JVM's JIT compiles on the one core it serves from: warm longer, or the first cases measure the compiler.
INITIAL_WARMUP=$(( QUICK == 1 ? 3 : ($PIN == 1 ? 30 : 10) ))
log "warming every target for ${INITIAL_WARMUP} s"
for g in "${GATEWAYS[@]}"; do
  IFS=: read -r _ port _ <<<"$g"
  "${LG[@]}" --url "$(url "$port")" --connections 16 --duration "$INITIAL_WARMUP" >/dev/null
done
"${LG[@]}" --url "$(url "$PROXY_PORT")" --connections 16 --duration "$INITIAL_WARMUP" >/dev/null
"${LG[@]}" --url "$(url "$REFUSE_PORT")" --connections 16 --duration "$INITIAL_WARMUP" >/dev/null

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED=$SECONDS

log "cases (a)-(f): closed loop, $CONNECTIONS connections, ${WARMUP} s warm-up + ${DURATION} s"
closed a-static "$STATIC_PIDS" "$(url "$STATIC_PORT")" "$CONNECTIONS"
closed b-nginx "$PROXY_PIDS" "$(url "$PROXY_PORT")" "$CONNECTIONS"
closed c-after-off "$OFF_PID" "$(url "$OFF_PORT")" "$CONNECTIONS"
closed d-after-on "$ON_PID" "$(url "$ON_PORT")" "$CONNECTIONS"
ADMIN=$(token admin admin-dev-password)
[[ $ADMIN == ey* ]] || die "no token for admin from Keycloak: $ADMIN"
closed e-after-on-bearer "$ON_PID" "$(url "$ON_PORT")" "$CONNECTIONS" --header "Authorization: Bearer $ADMIN"
closed f-after-on-10k-keys "$ON_PID" "$(url "$ON_PORT")" "$CONNECTIONS" --xff-keys 10000
if [[ -n $BEFORE_APP ]]; then
  closed c-before-off "$BOFF_PID" "$(url "$BOFF_PORT")" "$CONNECTIONS"
  closed d-before-on "$BON_PID" "$(url "$BON_PORT")" "$CONNECTIONS"
fi

log "concurrency sweep: ${SWEEP[*]} connections"
SWEEP_TARGETS=("nginx:$PROXY_PORT:$PROXY_PIDS" "after-off:$OFF_PORT:$OFF_PID" "after-on:$ON_PORT:$ON_PID")
[[ -n $BEFORE_APP ]] && SWEEP_TARGETS+=("before-off:$BOFF_PORT:$BOFF_PID" "before-on:$BON_PORT:$BON_PID")
for t in "${SWEEP_TARGETS[@]}"; do
  IFS=: read -r label port pids <<<"$t"
  for n in "${SWEEP[@]}"; do closed "sweep-$label-$n" "$pids" "$(url "$port")" "$n"; done
done

# Open loop. Requests at fixed times arrive one by one, each waking the servers on its own, and cost more CPU than the
# same requests back to back (closed loop): the closed-loop peak overstates what a server sustains under arrivals that do
# not wait. So the open-loop capacity is searched: rising rates (fractions of the closed-loop peak) until one is not
# sustained (any non-2xx, any error or unsent request, or 2xx p99 above OPEN_P99_BOUND_MS); the capacity is the goodput of
# the last sustained rate. The overload case is then 2x that capacity (the issue's "2x what the gateway can serve"), and
# 2x the closed-loop peak as the harsher one.
OPEN_STEPS=(0.2 0.3 0.35 0.4 0.45 0.5 0.6)
OPEN_P99_BOUND_MS=100
sustained() { # json -> exit 0 when every intended request was answered 2xx within the p99 bound
  python3 - "$1" "$OPEN_P99_BOUND_MS" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ok = sum(v for k, v in d["status"].items() if k.startswith("2"))
p99 = d["latencyMs"].get("2xx", {}).get("p99")
good = d["notSent"] == 0 and d["errors"]["total"] == 0 and ok == d["sent"] and p99 is not None and p99 <= float(sys.argv[2])
sys.exit(0 if good else 1)
PY
}
scaled() { python3 -c "print(max(1, round($1 * $2)))"; }
# One base for every gateway's steps (the measured gateway's closed-loop peak), so that before and after meet the same
# rates.
OPEN_BASE=""
open_cases() { # label port pid
  local cap double step open_cap=""
  cap=$(peak_goodput "$RES"/sweep-"$1"-*.json "$RES/d-$1.json")
  echo "$cap" >"$RES/capacity-$1.txt"
  OPEN_BASE=${OPEN_BASE:-$cap}
  log "open loop against $1: closed-loop peak $cap/s; searching the open-loop capacity from $OPEN_BASE/s"
  : >"$RES/open-steps-$1.txt"
  for step in "${OPEN_STEPS[@]}"; do
    open_loop "open-$1-step-$step" "$3" "$(url "$2")" "$(scaled "$OPEN_BASE" "$step")"
    echo "$step" >>"$RES/open-steps-$1.txt"
    sustained "$RES/open-$1-step-$step.json" || break
    open_cap=$(peak_goodput "$RES/open-$1-step-$step.json")
  done
  open_cap=${open_cap:-$(scaled "$OPEN_BASE" "${OPEN_STEPS[0]}")}
  echo "$open_cap" >"$RES/open-capacity-$1.txt"
  double=$(scaled "$open_cap" 2)
  log "open loop against $1: open-loop capacity $open_cap/s -> overload at $double/s and $(scaled "$cap" 2)/s"
  open_loop "open-$1-double-open" "$3" "$(url "$2")" "$double"
  open_loop "open-$1-double" "$3" "$(url "$2")" "$(scaled "$cap" 2)"
  # The reference: nginx at the gateway's open-loop capacity (well below nginx's own).
  if [[ $1 == after-on ]]; then
    open_loop "open-nginx-at-gateway-capacity" "$PROXY_PIDS" "$(url "$PROXY_PORT")" "$(scaled "$open_cap" 1)"
  fi
  return 0
}
open_cases after-on "$ON_PORT" "$ON_PID"
[[ -n $BEFORE_APP ]] && open_cases before-on "$BON_PORT" "$BON_PID"

# What a refusal costs: a gateway whose admission bound is 0 refuses every API request (503 problem+json, Retry-After).
# Under overload each refusal takes CPU from the admitted requests: goodput at 2x offered load stays near capacity only
# when a refusal costs a small fraction of a served request (refusal µs ÷ served µs, same connections).
log "refusals: every request refused at admission, closed loop, $CONNECTIONS connections"
closed g-after-refusals "$REFUSE_PID" "$(url "$REFUSE_PORT")" "$CONNECTIONS"

log "profiles: JFR CPU samples of the gateway, limiter on"
cat >"$WORK/cpu.jfc" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<configuration version="2.0" label="bench cpu samples">
  <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">1 ms</setting></event>
</configuration>
EOF
profile_run after-on "$ON_PORT" "$ON_PID"
# A fresh token: the one of case (e) may have expired by now.
ADMIN=$(token admin admin-dev-password)
profile_run after-on-bearer "$ON_PORT" "$ON_PID" --header "Authorization: Bearer $ADMIN"
[[ -n $BEFORE_APP ]] && profile_run before-on "$BON_PORT" "$BON_PID"
profile_run refusals "$REFUSE_PORT" "$REFUSE_PID"

log "store operations per decision at 1, 2 and 4 replicas (one hot key)"
replica_scaling

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$((SECONDS - STARTED))

# Limiter decisions and (once measured) store operations per decision, per gateway with the limiter on.
: >"$RES/limiter.txt"
for g in "${GATEWAYS[@]}"; do
  IFS=: read -r label port _ <<<"$g"
  [[ $label == *-on ]] || continue
  echo "$label|$(outcomes "$port")" >>"$RES/limiter.txt"
done

# ------------------------------------------------------------------------------------------------------------ report
OUT="$ROOT/bench/results/$STAMP-scale.md"
app_build() { # app dir -> when its application jar was built
  local f
  f=$(ls -t "$1"/app/*.jar 2>/dev/null | head -1)
  [[ -n $f ]] && date -u -r "$f" +%Y-%m-%dT%H:%M:%SZ || echo unknown
}
export RES STAMP DURATION WARMUP CONNECTIONS TIMEOUT LOAD_BEFORE LOAD_AFTER ELAPSED OPEN_P99_BOUND_MS
export COMMAND="bench/scale.sh${ARGS:+ $ARGS}"
export AFTER_APP_DESC="$GATEWAY_APP (application jar built $(app_build "$GATEWAY_APP"); checkout HEAD $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown))"
export BEFORE_APP_DESC="${BEFORE_APP:+$BEFORE_APP (application jar built $(app_build "$BEFORE_APP"); its checkout at $(git -C "$BEFORE_APP" rev-parse --short HEAD 2>/dev/null || echo unknown))}"
export MACHINE="$(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB"
export VERSIONS="$(java -version 2>&1 | head -1), Quarkus $(sed -n 's:.*<quarkus.platform.version>\(.*\)</quarkus.platform.version>.*:\1:p' "$ROOT/pom.xml" | head -1), Infinispan $(sed -n 's/^INFINISPAN_VERSION=//p' "$ROOT/scripts/infra.sh"), $(nginx -v 2>&1 | sed 's/nginx version: //')"
export PINNED=$PIN
export SWEEP_STEPS="${SWEEP[*]}" HAS_BEFORE=$([[ -n $BEFORE_APP ]] && echo 1 || echo 0) ISPN_PID
python3 "$ROOT/bench/scale_report.py" >"$OUT"
cat "$OUT"
log "written to $OUT (raw LoadGen output: $RES)"
