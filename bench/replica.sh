#!/usr/bin/env bash
# Read scaling with the hot standby, on 127.0.0.1: the same uncached catalog reads against two catalog-service processes,
# one reading only the primary (platform.read-replica.enabled=false) and one routing reads to the standby, in one run.
# Reported: throughput, and CPU µs per request of the primary cluster, the standby and catalog-service (utime+stime of
# each cluster's postmaster and its children over the measured window), so the primary's share shows what moved.
#
#   bench/replica.sh [--duration S] [--connections N] [--catalog-app DIR]
#
# Needs the infrastructure (scripts/infra.sh up: PostgreSQL, its standby, Kafka, Infinispan, Keycloak) and a packaged
# catalog-service (default catalog-service/target/quarkus-app). Processes it starts are stopped by PID at the end.
# Results: bench/results/<UTC timestamp>-replica.md, also printed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="${PLATFORM_LOCAL_DIR:-$ROOT/.local}"
WORK="$LOCAL/bench-replica"
DURATION=8 CONNECTIONS=32 APP="$ROOT/catalog-service/target/quarkus-app"
while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --catalog-app) APP=$(cd "$2" && pwd); shift 2 ;;
    *) echo "usage: $0 [--duration S] [--connections N] [--catalog-app DIR]" >&2; exit 2 ;;
  esac
done
log() { printf '[replica] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"
[[ -f $APP/quarkus-run.jar ]] || die "no packaged catalog-service in $APP (./mvnw -pl catalog-service -am package -DskipTests)"
mkdir -p "$WORK" "$ROOT/bench/results"

"$ROOT/scripts/infra.sh" up >/dev/null
psql_at() { psql -h 127.0.0.1 -p "$1" -U postgres -qtAc "$2"; }
cluster_pids() { # port -> the postmaster and its children, comma-separated
  local dir master
  dir=$(psql_at "$1" "show data_directory")
  master=$(head -1 "$dir/postmaster.pid")
  { echo "$master"; ps -o pid= --ppid "$master"; } | tr -d ' ' | paste -sd, -
}

free_port() { local p=$1; while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done; echo "$p"; }
start_catalog() { # name port replica-enabled -> PID in CATALOG_PID (not a subshell: PIDS must see it)
  nohup java -Xms256m -Xmx512m -Dquarkus.profile=local -Dquarkus.http.port="$2" -Dquarkus.management.port="$(($2 + 1000))" -Dcatalog.cache.enabled=false \
    -Dplatform.outbox.relay-enabled=false -Dplatform.read-replica.enabled="$3" \
    -jar "$APP/quarkus-run.jar" >"$WORK/$1.log" 2>&1 &
  CATALOG_PID=$!
  PIDS+=("$CATALOG_PID")
}
await_ready() { # name port
  local i
  for i in $(seq 1 120); do
    curl -fs -o /dev/null "http://127.0.0.1:$(($2 + 1000))/q/health/ready" && return 0
    sleep 1
  done
  die "$1 not ready; see $WORK/$1.log"
}

PRIMARY_PORT=$(free_port 18380) SPLIT_PORT=$(free_port $((PRIMARY_PORT + 1)))
start_catalog catalog-primary-only "$PRIMARY_PORT" false; PRIMARY_ONLY=$CATALOG_PID
start_catalog catalog-split "$SPLIT_PORT" true; SPLIT=$CATALOG_PID
await_ready catalog-primary-only "$PRIMARY_PORT"
await_ready catalog-split "$SPLIT_PORT"

log "compiling bench/LoadGen.java"
rm -rf "$WORK/loadgen" && mkdir -p "$WORK/loadgen"
javac -d "$WORK/loadgen" "$ROOT/bench/LoadGen.java"
LG=(java -XX:+UseSerialGC -Xms64m -Xmx256m -cp "$WORK/loadgen" LoadGen --clk-tck "$(getconf CLK_TCK)")

# Uncached product pages: every request is a query (a page of products and its count).
PATH_Q="/api/v1/products?limit=20"
for port in "$PRIMARY_PORT" "$SPLIT_PORT"; do
  "${LG[@]}" --url "http://127.0.0.1:$port$PATH_Q" --connections "$CONNECTIONS" --duration 5 >/dev/null
done
run() { # name port catalog-pid
  log "measuring $1"
  "${LG[@]}" --url "http://127.0.0.1:$2$PATH_Q" --connections "$CONNECTIONS" --duration "$DURATION" --warmup 2 \
    --cpu "primary=$(cluster_pids 5432)" --cpu "standby=$(cluster_pids 5433)" --cpu "catalog=$3" >"$WORK/$1.json"
}
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
run primary-only "$PRIMARY_PORT" "$PRIMARY_ONLY"
run split "$SPLIT_PORT" "$SPLIT"
run primary-only-2 "$PRIMARY_PORT" "$PRIMARY_ONLY"
run split-2 "$SPLIT_PORT" "$SPLIT"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

STAMP=$(date -u +%Y-%m-%dT%H-%M-%SZ)
OUT="$ROOT/bench/results/$STAMP-replica.md"
WORK="$WORK" STAMP="$STAMP" LOAD_BEFORE="$LOAD_BEFORE" LOAD_AFTER="$LOAD_AFTER" DURATION="$DURATION" \
CONNECTIONS="$CONNECTIONS" COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)" python3 - >"$OUT" <<'PY'
import json, os
w = os.environ["WORK"]
def load(n): return json.load(open(os.path.join(w, n + ".json")))
runs = {n: load(n) for n in ["primary-only", "split", "primary-only-2", "split-2"]}
def cpu(d, label): return d["cpu"].get(label, {}).get("usPerAnswer", 0.0)
print(f"# Read replica benchmark {os.environ['STAMP']}\n")
print(f"Checkout {os.environ['COMMIT']}. Two catalog-service processes, catalog cache off, outbox relay off; one reads only")
print("the primary, one routes reads outside transactions to the hot standby (scripts/infra.sh's postgres-replica).")
print(f"Request: GET /api/v1/products?limit=20 (a page and its count, uncached), closed loop, {os.environ['CONNECTIONS']} connections,")
print(f"2 s warm-up + {os.environ['DURATION']} s, each case twice, alternating. Load average before {os.environ['LOAD_BEFORE']}, after")
print(f"{os.environ['LOAD_AFTER']} (2 cores; the load generator, both PostgreSQL servers and the service share them).\n")
print("| case | req/s (2xx) | non-2xx | p99 ms | primary µs/req | standby µs/req | catalog µs/req | primary share of DB CPU |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for n, d in runs.items():
    ok = sum(v for k, v in d["status"].items() if k.startswith("2"))
    p, s = cpu(d, "primary"), cpu(d, "standby")
    share = 100 * p / (p + s) if p + s else 0
    print(f"| {n} | {d['goodput']:,.0f} | {d['completed'] - ok} | {d['latencyMs']['2xx'].get('p99', 0):.2f} | {p:.1f} | {s:.1f} | {cpu(d, 'catalog'):.1f} | {share:.0f} % |")
g = lambda n: runs[n]["goodput"]
pc = lambda n: cpu(runs[n], "primary")
print()
print("| ratio (same run, both rounds averaged) | value |")
print("|---|---:|")
print(f"| throughput, split ÷ primary only | {(g('split') + g('split-2')) / (g('primary-only') + g('primary-only-2')):.2f} |")
print(f"| primary CPU per request, split ÷ primary only | {(pc('split') + pc('split-2')) / max(1e-9, pc('primary-only') + pc('primary-only-2')):.2f} |")
PY
cat "$OUT"
log "written to $OUT"
