#!/usr/bin/env bash
# Benchmark of the platform on 127.0.0.1, every figure against a baseline measured in the same run, reported as ratios.
#
#   bench/run.sh [--duration SECONDS] [--rate REQUESTS_PER_SECOND] [--connections N] [--gateway-app DIR]
#
# --gateway-app: the packaged gateway (a quarkus-app directory) the comparison gateways run, by default this checkout's
# build; e.g. an earlier commit's, for a before/after of a change:
#   git worktree add /tmp/before <commit> && (cd /tmp/before && ./mvnw -q -pl gateway-service -am package -DskipTests)
#   bench/run.sh --gateway-app /tmp/before/gateway-service/target/quarkus-app
#
# Uses the running platform (or starts it with scripts/run.sh) and adds, for the length of the run only, the
# processes the comparisons need: a gateway whose limit is never reached, the same gateway with rate limiting off, a
# catalog-service with its cache off, an nginx reverse proxy, and two gateways sharing one tight limit. Every process
# it starts is stopped by PID at the end. Load comes from `hey` (Debian): closed-loop for throughput, fixed-rate
# (`-q`) for latency, so queueing shows in the percentiles. Results: bench/results/<timestamp>.md, also printed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="${PLATFORM_LOCAL_DIR:-$ROOT/.local}"
WORK="$LOCAL/bench"
DURATION=15 RATE=400 CONNECTIONS=16 GATEWAY_APP=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --rate) RATE=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --gateway-app) GATEWAY_APP=$(cd "$2" && pwd); shift 2 ;;
    *) echo "usage: $0 [--duration S] [--rate RPS] [--connections N] [--gateway-app DIR]" >&2; exit 2 ;;
  esac
done
[[ -z $GATEWAY_APP || -f $GATEWAY_APP/quarkus-run.jar ]] || { echo "no quarkus-run.jar in $GATEWAY_APP" >&2; exit 2; }
mkdir -p "$WORK" "$ROOT/bench/results"
log() { printf '[bench] %s\n' "$*" >&2; }

# ------------------------------------------------------------------------------------------------------------ tools
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
install_tools() {
  local missing=()
  command -v hey >/dev/null || missing+=(hey)
  command -v nginx >/dev/null || missing+=(nginx-light)
  install_packages "${missing[@]}"
}

# ------------------------------------------------------------------------------------------------------------ processes

start_jar() { # name port app-dir java-properties...
  local name=$1 port=$2 app=$3 dir; shift 3
  dir="$LOCAL/apps/$app"
  [[ $app == gateway-service && -n $GATEWAY_APP ]] && dir=$GATEWAY_APP
  nohup java -Xms128m -Xmx512m -Dquarkus.profile=local -Dquarkus.http.port="$port" -Dquarkus.management.port="$((port + 1000))" "$@" \
    -jar "$dir/quarkus-run.jar" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}

await_ready() { # name port
  local i
  for i in $(seq 1 180); do
    curl -fs -o /dev/null "http://127.0.0.1:$(($2 + 1000))/q/health/ready" && return 0
    sleep 1
  done
  log "$1 not ready; see $WORK/$1.log"; exit 1
}

start_nginx() { # port upstream-port
  cat >"$WORK/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $WORK/nginx-tmp; proxy_temp_path $WORK/nginx-tmp;
  fastcgi_temp_path $WORK/nginx-tmp; uwsgi_temp_path $WORK/nginx-tmp; scgi_temp_path $WORK/nginx-tmp;
  upstream catalog { server 127.0.0.1:$2; keepalive 64; }
  server {
    listen 127.0.0.1:$1;
    location / {
      proxy_pass http://catalog;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For \$remote_addr;
    }
  }
}
EOF
  mkdir -p "$WORK/nginx-tmp"
  nginx -c "$WORK/nginx.conf" -p "$WORK" >"$WORK/nginx.log" 2>&1 &
  PIDS+=($!)
}

# ------------------------------------------------------------------------------------------------------------ measuring
token() { # user password
  curl -s -d grant_type=password -d client_id=platform-cli -d "username=$1" -d "password=$2" \
    http://127.0.0.1:8180/realms/platform/protocol/openid-connect/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/'
}

throughput() { # url -> requests per second, closed loop
  hey -z "${DURATION}s" -c "$CONNECTIONS" "$1" | awk '/Requests\/sec/ {print $2}'
}

latency() { # url -> "achieved_rps p50_ms p99_ms p999_ms non2xx" at a fixed rate
  local per_worker=$(( (RATE + CONNECTIONS - 1) / CONNECTIONS ))
  hey -z "${DURATION}s" -c "$CONNECTIONS" -q "$per_worker" -o csv "$1" | python3 -c '
import sys, csv
rows = list(csv.reader(sys.stdin))[1:]
lat = sorted(float(r[0]) * 1000 for r in rows)
bad = sum(1 for r in rows if not r[6].startswith("2"))
span = max(float(r[7]) + float(r[0]) for r in rows) if rows else 1
def q(p): return lat[min(len(lat) - 1, int(p * len(lat)))]
print("%.0f %.2f %.2f %.2f %d" % (len(rows) / span, q(0.50), q(0.99), q(0.999), bad))'
}

ROWS=()
measure() { # label url
  log "measuring: $1"
  hey -z 5s -c "$CONNECTIONS" "$2" >/dev/null   # warm-up: JIT, pools, caches
  local rps lat
  rps=$(throughput "$2")
  lat=$(latency "$2")
  ROWS+=("$1|$rps|$lat")
  eval "RESULT_${3}='$rps $lat'"
}

ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
field() { echo "$1" | awk "{print \$$2}"; }

# ------------------------------------------------------------------------------------------------------------ run
install_tools
"$ROOT/scripts/run.sh" >/dev/null

ADMIN=$(token admin admin-dev-password)
SKU="bench-$(date +%s)"
api_post() { # path json -> id of the created resource, or stop with the answer
  local body status
  body=$(curl -s -w '\n%{http_code}' -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" -d "$2" "http://127.0.0.1:8080$1")
  status=${body##*$'\n'} body=${body%$'\n'*}
  [[ $status == 201 ]] || { log "POST $1 answered $status: $body"; exit 1; }
  echo "$body" | sed 's/.*"id":"\([^"]*\)".*/\1/'
}
CATEGORY=$(api_post /api/v1/categories "{\"name\":\"Bench $SKU\"}")
PRODUCT=$(api_post /api/v1/products "{\"sku\":\"$SKU\",\"name\":\"Bench product\",\"description\":\"benchmark\",\"price\":9.99,\"currency\":\"EUR\",\"stockQuantity\":10,\"categoryId\":\"$CATEGORY\",\"status\":\"ACTIVE\",\"attributes\":{}}")
ITEM=/api/v1/products/$PRODUCT
NS="bench-$(date +%s)"
HIGH=(-Dgateway.rate-limit.namespace="$NS" -Dgateway.rate-limit.policies.standard.tiers.anonymous.limit=1000000000
      -Dgateway.rate-limit.policies.standard.tiers.anonymous.burst=1000000000)

log "starting the comparison processes"
start_jar gateway-limited 18080 gateway-service "${HIGH[@]}"
start_jar gateway-unlimited 18081 gateway-service "${HIGH[@]}" -Dgateway.routes.catalog.rate-limit-policy=
start_jar catalog-uncached 18082 catalog-service -Dcatalog.cache.enabled=false -Dplatform.outbox.relay-enabled=false
start_nginx 18090 8081
# Exactness with the default store bound (300 ms): a decision that misses it takes the fail-open path and would show
# here as more than 100 passes.
TIGHT=(-Dgateway.rate-limit.namespace="$NS-exact"
       -Dgateway.rate-limit.policies.standard.tiers.anonymous.limit=100
       -Dgateway.rate-limit.policies.standard.tiers.anonymous.burst=100 -Dgateway.rate-limit.policies.standard.tiers.anonymous.window=60s)
start_jar gateway-replica-a 18083 gateway-service "${TIGHT[@]}"
start_jar gateway-replica-b 18084 gateway-service "${TIGHT[@]}"
for p in gateway-limited:18080 gateway-unlimited:18081 catalog-uncached:18082 gateway-replica-a:18083 gateway-replica-b:18084; do
  await_ready "${p%%:*}" "${p##*:}"
done

# Every target warmed before any is measured: a freshly started JVM (the platform's own, started by this script, or the
# comparison processes) is still compiling, and the first case measured would otherwise pay for it.
log "warming every target (JIT, pools, caches)"
for url in "http://127.0.0.1:8081$ITEM" "http://127.0.0.1:18080$ITEM" "http://127.0.0.1:18081$ITEM" \
           "http://127.0.0.1:18090$ITEM" "http://127.0.0.1:18082$ITEM"; do
  hey -z 10s -c "$CONNECTIONS" "$url" >/dev/null
done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
measure "catalog-service direct, cached read" "http://127.0.0.1:8081$ITEM" DIRECT
measure "through the gateway (rate limit on, never reached)" "http://127.0.0.1:18080$ITEM" GATEWAY
measure "through the gateway, rate limit off" "http://127.0.0.1:18081$ITEM" NOLIMIT
measure "through nginx reverse proxy" "http://127.0.0.1:18090$ITEM" NGINX
measure "catalog-service direct, uncached (PostgreSQL)" "http://127.0.0.1:18082$ITEM" UNCACHED
LOAD_DURING=$(cut -d' ' -f1-3 /proc/loadavg)
# What the limiter decided during the rate-limit-on case: "allowed" is a real check; "fail_open" would mean the
# request passed unchecked (store too slow), which would make that row's figure meaningless.
outcomes() { # port -> "allowed=N fail_open=N ..." from the gateway's metrics
  curl -s "http://127.0.0.1:$(($1 + 1000))/q/metrics" | awk -F'[{}]' '/^gateway_ratelimit_decisions_total\{/ {
      match($2, /outcome="[a-z_]+"/); o = substr($2, RSTART + 9, RLENGTH - 10); split($3, v, " "); n[o] += v[1] }
    END { for (o in n) printf "%s=%d ", o, n[o] }'
}
LIMITER_OUTCOMES=$(outcomes 18080)

log "rate-limit exactness: 1,000 requests over 20 connections across two gateway replicas, limit 100/min"
# Warm both replicas first (JIT, Hot Rod connections) with the admin's token: its own key, so the measured one is untouched.
ADMIN=$(token admin admin-dev-password)
for port in 18083 18084; do hey -n 300 -c 10 -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:$port$ITEM" >/dev/null; done
hey -n 500 -c 10 "http://127.0.0.1:18083$ITEM" >"$WORK/exact-a.txt" &
hey_a=$!
hey -n 500 -c 10 "http://127.0.0.1:18084$ITEM" >"$WORK/exact-b.txt"
wait $hey_a
count() { awk -v s="[$1]" '$1 == s {n += $2} END {print n + 0}' "$WORK/exact-a.txt" "$WORK/exact-b.txt"; }
EXACT_OK=$(count 200) EXACT_429=$(count 429)
EXACT_OUTCOMES="replica a: $(outcomes 18083); replica b: $(outcomes 18084)"

# ------------------------------------------------------------------------------------------------------------ report
STAMP=$(date -u +%Y-%m-%dT%H-%M-%SZ)
OUT="$ROOT/bench/results/$STAMP.md"
{
  echo "# Benchmark $STAMP"
  echo
  echo "Command: \`bench/run.sh --duration $DURATION --rate $RATE --connections $CONNECTIONS${GATEWAY_APP:+ --gateway-app $GATEWAY_APP}\`"
  echo
  echo "Gateway measured: ${GATEWAY_APP:-the build of this checkout} (checkout at $(git -C "${GATEWAY_APP:-$ROOT}" rev-parse --short HEAD 2>/dev/null || echo unknown))."
  echo
  echo "Machine: $(nproc) cores, $(awk -F: '/model name/ {print $2; exit}' /proc/cpuinfo | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB;"
  echo "load average before $LOAD_BEFORE, at the end of the measurements $LOAD_DURING (the load generator runs on the same cores)."
  echo "Versions: $(java -version 2>&1 | head -1), Quarkus 3.33.2, Infinispan 16.0.7, Keycloak 26.7.3, $(nginx -v 2>&1), hey $(dpkg-query -W -f='${Version}' hey 2>/dev/null)."
  echo "Product read: GET $ITEM (JSON, ~400 bytes). Throughput: closed loop, $CONNECTIONS connections, ${DURATION} s."
  echo "Latency: fixed rate $RATE req/s (hey -q), $CONNECTIONS connections, ${DURATION} s."
  echo
  echo "| case | max req/s | req/s at fixed rate | p50 ms | p99 ms | p99.9 ms | non-2xx |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  for row in "${ROWS[@]}"; do
    IFS='|' read -r label rps lat <<<"$row"
    read -r arps p50 p99 p999 bad <<<"$lat"
    echo "| $label | $rps | $arps | $p50 | $p99 | $p999 | $bad |"
  done
  echo
  echo "| ratio | throughput | p50 | p99 |"
  echo "|---|---:|---:|---:|"
  r() { # label a b : a relative to b
    echo "| $1 | $(ratio "$(field "$2" 1)" "$(field "$3" 1)") | $(ratio "$(field "$2" 3)" "$(field "$3" 3)") | $(ratio "$(field "$2" 4)" "$(field "$3" 4)") |"
  }
  r "gateway / direct (the gateway's overhead)" "$RESULT_GATEWAY" "$RESULT_DIRECT"
  r "nginx / direct (reference proxy cost)" "$RESULT_NGINX" "$RESULT_DIRECT"
  r "gateway, rate limit off / direct (the proxy path alone)" "$RESULT_NOLIMIT" "$RESULT_DIRECT"
  r "gateway / nginx" "$RESULT_GATEWAY" "$RESULT_NGINX"
  r "rate limit on / off (the check's cost)" "$RESULT_GATEWAY" "$RESULT_NOLIMIT"
  r "uncached / cached (PostgreSQL vs Infinispan)" "$RESULT_UNCACHED" "$RESULT_DIRECT"
  echo
  echo "Limiter decisions in the rate-limit-on case (warm-up, throughput and latency runs): ${LIMITER_OUTCOMES:-none read}"
  echo "(\`fail_open\` would be requests passed unchecked because the store missed its 300 ms bound)."
  echo
  echo "Rate-limit exactness, two gateway replicas sharing Infinispan, limit 100 per minute, 1,000 requests over 20"
  echo "connections: **$EXACT_OK answered 2xx, $EXACT_429 answered 429** (exact: 100 and 900)."
  echo "Limiter decisions on the replicas, warm-up included: $EXACT_OUTCOMES."
  echo
  echo "Ratios above 1 in throughput mean faster than the baseline; in latency, slower."
} >"$OUT"
cat "$OUT"
log "written to $OUT"
