#!/usr/bin/env bash
# cache-service's coherence consumer: events applied per second with one lane (one event at a time, the consumer before
# issue 16) and with N lanes (events of different products side by side, each product's in order), in the same run.
#
#   bench/consumer.sh [--events N] [--versions V] [--lanes L] [--app DIR] [--timeout S]
#
# --events    events per setting (default 2000, at most 20000): product.updated.v1 on catalog.events.v1
# --versions  versions per product (default 4): EVENTS / V products, each updated V times in order, so every setting
#             must apply all of them (a version applied out of order would be counted stale)
# --lanes     the concurrent setting (default 8, cache-service.events.lanes' default)
# --app       the packaged cache-service (a quarkus-app directory); default cache-service/target/quarkus-app
# --timeout   longest wait for one setting to apply its events (default 300 s); the run fails past it
#
# For each setting: a consumer group of its own is placed at the end of both event topics, the events are published
# (before the consumer starts, so it meets a backlog, as after an incident or a deploy), then one cache-service process
# is started with that group and the setting, and /q/metrics is read every 0.25 s. Rate = events handled between the
# first and the last reading that saw progress, over that time: JVM start and the group join are not counted. The
# process is stopped by PID before the next setting. It runs with the test profile (database cache_test), so its ledger
# is not the one of a running local platform, which would otherwise have handled the same events first.
#
# Needs the local servers (scripts/infra.sh) and, per the shared-machine rule, holds /work/infra.lock while it runs if
# that file exists. Kafka client settings for the publisher (SASL) come from BENCH_KAFKA_PROPERTIES (a properties file),
# by default the local broker's dev-only admin user.
# Results: bench/results/<UTC timestamp>-consumer.md, also printed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EVENTS=2000 VERSIONS=4 LANES=8 APP="$ROOT/cache-service/target/quarkus-app" TIMEOUT=300
usage() { echo "usage: $0 [--events N] [--versions V] [--lanes L] [--app DIR] [--timeout S]" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --events) EVENTS=$2; shift 2 ;;
    --versions) VERSIONS=$2; shift 2 ;;
    --lanes) LANES=$2; shift 2 ;;
    --app) APP=$(cd "$2" && pwd); shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    *) usage ;;
  esac
done
(( EVENTS >= 1 && EVENTS <= 20000 )) || { echo "--events must be 1..20000" >&2; exit 2; }
(( EVENTS % VERSIONS == 0 )) || { echo "--events must be a multiple of --versions" >&2; exit 2; }
(( TIMEOUT >= 10 && TIMEOUT <= 1800 )) || { echo "--timeout must be 10..1800" >&2; exit 2; }
[[ -f $APP/quarkus-run.jar ]] || { echo "no quarkus-run.jar in $APP (./mvnw -pl cache-service -am package -DskipTests)" >&2; exit 2; }

STAMP=$(date -u +%Y-%m-%dT%H-%M-%SZ)
WORK="${PLATFORM_LOCAL_DIR:-$ROOT/.local}/bench-consumer/$STAMP"
mkdir -p "$WORK" "$ROOT/bench/results"
log() { printf '[consumer] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# shellcheck source=bench/common.sh
source "$ROOT/bench/common.sh"

# The shared servers are used by one test or bench run at a time on this machine.
if [[ -z ${CONSUMER_BENCH_LOCKED:-} && -e /work/infra.lock ]] && command -v flock >/dev/null; then
  log "waiting for /work/infra.lock"
  CONSUMER_BENCH_LOCKED=1 exec flock /work/infra.lock "$0" --events "$EVENTS" --versions "$VERSIONS" --lanes "$LANES" --app "$APP" --timeout "$TIMEOUT"
fi

# The publisher runs on the app's own client libraries (no second download).
CP=$(find "$APP/lib/main" -name 'org.apache.kafka.kafka-clients-*.jar' -o -name 'at.yawk.lz4.*.jar' -o -name 'org.xerial.snappy.*.jar' \
  -o -name 'com.github.luben.zstd-jni-*.jar' -o -name 'org.slf4j.slf4j-api-*.jar' -o -name 'com.fasterxml.jackson.core.*.jar' \
  -o -name 'com.fasterxml.jackson.datatype.*.jar' -o -name 'io.scalableapi.shared-contracts-*.jar' | tr '\n' ':')
load() { java -cp "$CP" "$ROOT/bench/EventLoad.java" "$@" 2>>"$WORK/eventload.log"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# Sum of cache_events_total over the given outcomes (all when none given).
events_total() { # port [outcome...]
  local port=$1; shift
  local filter="${*:-.*}"
  curl -fsS "http://127.0.0.1:$port/q/metrics" 2>/dev/null | awk -v want="^(${filter// /|})$" '
    /^cache_events_total\{/ { if (match($0, /outcome="[^"]*"/)) { o = substr($0, RSTART + 9, RLENGTH - 10); if (o ~ want) s += $NF } }
    END { printf "%d\n", s + 0 }'
}
now() { date +%s.%N; }
# CPU time (user + system, clock ticks) of a process so far: is the consumer busy or waiting on the servers?
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
TICK=$(getconf CLK_TCK)

# run_setting lanes -> "events seconds rate applied stale duplicate cpu-ms-per-event load-average"
run_setting() {
  local lanes=$1 group="cache-service-bench-$STAMP-lanes-$1" port pid
  log "lanes=$lanes: group $group at the end of the topics, publishing $EVENTS events ($((EVENTS / VERSIONS)) products x $VERSIONS versions)"
  load start-at-end "$group" >/dev/null || die "could not place $group (see $WORK/eventload.log)"
  load publish "$EVENTS" "$VERSIONS" >/dev/null || die "could not publish (see $WORK/eventload.log)"
  port=$(free_port)
  # /q/metrics is on the management interface: $port serves it, the API gets a port of its own.
  java -Xmx512m -Dquarkus.profile=test -Dquarkus.management.port="$port" -Dquarkus.http.port="$(free_port)" \
    -Dmp.messaging.incoming.platform-events.group.id="$group" -Dcache-service.events.lanes="$lanes" \
    -jar "$APP/quarkus-run.jar" >"$WORK/cache-service-lanes-$lanes.log" 2>&1 &
  pid=$!
  PIDS+=("$pid")
  local deadline=$(( $(date +%s) + TIMEOUT )) first="" first_n=0 last="" last_n=0 n cpu0=0 cpu1=0
  while :; do
    kill -0 "$pid" 2>/dev/null || die "cache-service exited (see $WORK/cache-service-lanes-$lanes.log)"
    (( $(date +%s) < deadline )) || die "lanes=$lanes: only $last_n of $EVENTS events handled within ${TIMEOUT}s"
    n=$(events_total "$port")
    if (( n > last_n )); then
      if [[ -z $first ]]; then first=$(now); first_n=$n; cpu0=$(cpu_ticks "$pid"); fi
      last=$(now); last_n=$n; cpu1=$(cpu_ticks "$pid")
    fi
    (( n >= EVENTS )) && break
    sleep 0.25
  done
  local applied stale duplicate load
  load=$(cut -d' ' -f1 /proc/loadavg)
  applied=$(events_total "$port" applied); stale=$(events_total "$port" stale); duplicate=$(events_total "$port" duplicate)
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  python3 - "$first" "$first_n" "$last" "$last_n" "$applied" "$stale" "$duplicate" "$cpu0" "$cpu1" "$TICK" "$load" <<'PY'
import sys
first, first_n, last, last_n = float(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
cpu0, cpu1, tick = int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10])
secs = max(last - first, 0.001)
done = max(last_n - first_n, 1)
print(last_n, f"{secs:.2f}", f"{(last_n - first_n) / secs:.1f}", *sys.argv[5:8], f"{(cpu1 - cpu0) * 1000 / tick / done:.2f}", sys.argv[11])
PY
}

log "app: $APP; $EVENTS events per setting; settings: 1 lane (serial), $LANES lanes"
serial=$(run_setting 1)
log "serial: $serial"
lanes=$(run_setting "$LANES")
log "lanes=$LANES: $lanes"

read -r s_n s_secs s_rate s_applied s_stale s_dup s_cpu s_load <<<"$serial"
read -r l_n l_secs l_rate l_applied l_stale l_dup l_cpu l_load <<<"$lanes"
ratio=$(python3 -c "print(f'{$l_rate / $s_rate:.2f}')")
in_order=0
[[ $s_applied == "$EVENTS" && $l_applied == "$EVENTS" && $s_stale == 0 && $l_stale == 0 ]] && in_order=1
OUT="$ROOT/bench/results/$STAMP-consumer.md"
{
  echo "# cache-service consumer throughput, $STAMP"
  echo
  echo "Command: \`bench/consumer.sh --events $EVENTS --versions $VERSIONS --lanes $LANES\` on $(nproc) cores, commit $(git -C "$ROOT" rev-parse --short HEAD)."
  echo "Each setting: $EVENTS product.updated.v1 events ($((EVENTS / VERSIONS)) products x $VERSIONS versions, in order per product) waiting"
  echo "in catalog.events.v1 when one cache-service process starts on a consumer group of its own; rate over the window in"
  echo "which /q/metrics showed progress (JVM start and group join excluded). Local servers shared with the rest of the machine."
  echo
  echo "| setting | events handled | seconds | events/s | applied | stale | duplicate | cache-service CPU ms/event | load average at end |"
  echo "|---|---|---|---|---|---|---|---|---|"
  echo "| 1 lane (serial, before) | $s_n | $s_secs | $s_rate | $s_applied | $s_stale | $s_dup | $s_cpu | $s_load |"
  echo "| $LANES lanes (after) | $l_n | $l_secs | $l_rate | $l_applied | $l_stale | $l_dup | $l_cpu | $l_load |"
  echo
  echo "**Ratio $LANES lanes / serial: ${ratio}x.** Lanes overlap the waits on PostgreSQL and Infinispan; they cannot add"
  echo "CPU. When the machine's cores are already busy (load average above the $(nproc) cores: the servers, other builds),"
  echo "the rate is bound by CPU and the ratio stays near 1; CPU ms per event shows what each event costs cache-service."
  if [[ $in_order == 1 ]]; then
    echo "Every event applied, none stale: the versions of each product were applied in order in both settings (an"
    echo "event applied after a newer one of its product would have counted as stale)."
  else
    echo "NOT every event was applied in order: see applied and stale above."
  fi
} >"$OUT"
cat "$OUT"
[[ $in_order == 1 ]] || die "not every event applied in order (see the table)"
