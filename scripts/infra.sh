#!/usr/bin/env bash
# Local infrastructure on 127.0.0.1 for development and tests: PostgreSQL and a streaming hot standby of it, Kafka
# (KRaft), Infinispan Server, an SMTP sink, Keycloak, Zipkin (the trace store the services export to).
#
#   scripts/infra.sh up [component...]      start what is not running, wait until ready, print what runs where
#   scripts/infra.sh down [component...]    stop what this script started (by PID), wait until the ports are free
#   scripts/infra.sh status                 one line per component
#   scripts/infra.sh logs [component]       follow a component's log (all when none is named)
#   scripts/infra.sh reset-test-databases   drop and recreate the *_test databases (empty; the test command does this)
#
# Components: postgres postgres-replica kafka infinispan smtp keycloak zipkin. Everything (downloads, data, logs, pid files) lives
# under .local/ (override with PLATFORM_LOCAL_DIR). If INFRA_STARTED_FILE is set, `up` appends the components it
# started to that file, so a caller can stop exactly those afterwards.
#
# postgres-replica changes the machine's cluster (idempotently, once): a replication role, one pg_hba.conf line that
# lets it connect for replication from 127.0.0.1, a reload, and while the standby runs a physical replication slot
# (dropped by `down`; REPLICA_KEEP_SLOT=1 keeps it, for a short outage that must resume where it stopped).
#
# smtp is a mail sink on 127.0.0.1:2525 (scripts/infra/smtp/mail_sink.py, Debian's python3-aiosmtpd, installed with
# apt-get when missing): the dev realm's smtpServer points at it, and every mail Keycloak sends (verify-email links)
# lands as one file in .local/data/mail/, where tests read it. It relays nothing.
#
# zipkin is Zipkin's server (the executable jar from Maven Central) on 127.0.0.1:9411 with in-memory storage: the
# services' spans (platform.tracing.zipkin-endpoint, gateway.tracing.zipkin-endpoint) and its UI. Traces are gone
# when it stops.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
INFRA="$ROOT/scripts/infra"
LOCAL="${PLATFORM_LOCAL_DIR:-$ROOT/.local}"
DL="$LOCAL/dl" DATA="$LOCAL/data" LOGS="$LOCAL/logs" RUN="$LOCAL/run"
mkdir -p "$DL" "$DATA" "$LOGS" "$RUN"

KAFKA_VERSION=4.1.2
INFINISPAN_VERSION=16.0.7
KEYCLOAK_VERSION=26.7.3
ZIPKIN_VERSION=3.5.1
KAFKA_PORT=9092 KAFKA_CONTROLLER_PORT=9093
KAFKA_TOPICS="catalog.events.v1 user.events.v1 cache-service.dead-letter.v1"   # = shared-contracts Topics
INFINISPAN_PORT=11222
KEYCLOAK_PORT=8180 KEYCLOAK_MANAGEMENT_PORT=8190
# The mail sink: fixed, because the dev realm (scripts/infra/keycloak/platform-realm.json, smtpServer) names it.
SMTP_PORT=2525
# Zipkin: fixed, because the services' local configuration names it (http://127.0.0.1:9411/api/v2/spans).
ZIPKIN_PORT=9411
# In-memory storage keeps this many spans (the oldest traces go first); sized for the heap below.
ZIPKIN_MAX_SPANS=100000
MAIL_DIR="$DATA/mail"
# Debian's interpreter, where python3-aiosmtpd installs (a python3 earlier on the PATH, e.g. pyenv's, lacks it).
SMTP_PYTHON=/usr/bin/python3
PG_HOST=127.0.0.1 PG_PORT=5432
# The hot standby: the services' read datasources point here (application.properties), so the port is fixed.
PG_REPLICA_PORT=5433
PG_REPLICATION_ROLE=platform_replicator PG_REPLICATION_PASSWORD=replicator-dev-only   # DEV ONLY password
# One slot per checkout (two worktrees on one machine must not take over each other's slot).
PG_REPLICA_SLOT="platform_replica_$(printf '%s' "$LOCAL" | sha1sum | cut -c1-8)"
PG_HBA_MARK="# scalable-api: streaming replica of scripts/infra.sh"
# DEV ONLY credentials; the same values are in the services' non-prod configuration and in README.md.
# Infinispan's users and roles are the dev overlay's (k8s/overlays/dev/infinispan-identities.dev.yaml), so a service
# gets here exactly the permissions it gets in the cluster. `operator` stands in for the Infinispan Operator's own
# admin identity: only this script (defining the caches, as the operator applies the Cache resources) uses it.
INFINISPAN_IDENTITIES="$ROOT/k8s/overlays/dev/infinispan-identities.dev.yaml"
INFINISPAN_OPERATOR_USER=operator INFINISPAN_OPERATOR_PASSWORD=operator-dev-only
INFINISPAN_USER=platform
# Kafka's super user (the broker itself, this script, and tests that observe or inject events). The services sign in
# as their KafkaUsers with the dev overlay's passwords.
KAFKA_ADMIN_USER=admin KAFKA_ADMIN_PASSWORD=admin-kafka-dev-only
KAFKA_ADMIN_JAAS_CONFIG="org.apache.kafka.common.security.scram.ScramLoginModule required username=\"$KAFKA_ADMIN_USER\" password=\"$KAFKA_ADMIN_PASSWORD\";"
CACHE_DEFINITIONS="$ROOT/shared-contracts/src/main/resources/io/scalableapi/contracts/caches/platform-caches.json"
KEYCLOAK_ADMIN_USER=admin KEYCLOAK_ADMIN_PASSWORD=admin-dev-only
# Databases: one per service, plus one per service for its tests so a test run never touches local data.
PG_DATABASES="catalog:catalog catalog_test:catalog users:users users_test:users cache:cache cache_test:cache"

ALL=(postgres postgres-replica kafka infinispan smtp keycloak zipkin)
MVN=(mvn -B -q -N)
command -v mvn >/dev/null || MVN=("$ROOT/mvnw" -B -q -N)

log() { printf '[infra] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_of() { local f="$RUN/$1.pid"; [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null && cat "$f"; return 0; }

wait_for() { # name timeout-seconds check-command...
  local name=$1 timeout=$2; shift 2
  local start=$SECONDS
  until "$@"; do
    if (( SECONDS - start > timeout )); then
      log "$name not ready after ${timeout}s; last log lines:"; tail -n 30 "$LOGS/$name.log" >&2 || true
      return 1
    fi
    if [[ $name != postgres ]] && [[ -z "$(pid_of "$name")" ]]; then
      log "$name exited during start; last log lines:"; tail -n 30 "$LOGS/$name.log" >&2 || true
      return 1
    fi
    sleep 1
  done
  log "$name ready in $((SECONDS - start))s"
}

record_started() { [[ -n "${INFRA_STARTED_FILE:-}" ]] && echo "$1" >>"$INFRA_STARTED_FILE"; return 0; }

# ---------------------------------------------------------------------------------------------------------------- downloads
fetch_kafka() {
  [[ -f "$DL/kafka/kafka_2.13-$KAFKA_VERSION.jar" ]] && return
  log "downloading Kafka $KAFKA_VERSION jars (once)"
  "${MVN[@]}" -f "$INFRA/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$DL/kafka.tmp"
  rm -rf "$DL/kafka"; mv "$DL/kafka.tmp" "$DL/kafka"
}

fetch_infinispan() {
  [[ -f "$DL/infinispan/infinispan-server-runtime-$INFINISPAN_VERSION.jar" ]] && return
  log "downloading Infinispan Server $INFINISPAN_VERSION jars (once)"
  "${MVN[@]}" -f "$INFRA/infinispan/pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$DL/infinispan.tmp"
  # The launcher silently skips Class-Path entries it cannot find: fail here instead of at some later ClassNotFound.
  local missing
  missing=$(cd "$DL/infinispan.tmp" && unzip -p "infinispan-server-runtime-$INFINISPAN_VERSION.jar" META-INF/MANIFEST.MF \
    | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | sed -n 's/^Class-Path: //p' | tr ' ' '\n' \
    | while read -r jar; do [[ -z $jar || -f $jar ]] || echo "$jar"; done)
  [[ -z $missing ]] || die "Infinispan jars missing from the manifest's Class-Path (pin them in scripts/infra/infinispan/pom.xml): $missing"
  rm -rf "$DL/infinispan"; mv "$DL/infinispan.tmp" "$DL/infinispan"
}

fetch_keycloak() {
  [[ -x "$DL/keycloak-$KEYCLOAK_VERSION/bin/kc.sh" ]] && return
  local tgz="$DL/keycloak-quarkus-dist-$KEYCLOAK_VERSION.tar.gz"
  if [[ ! -f $tgz ]]; then
    log "downloading Keycloak $KEYCLOAK_VERSION (once, 176 MB)"
    (cd "$DL" && "${MVN[@]}" dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:tar.gz" \
      -DoutputDirectory="$DL")
  fi
  tar -xzf "$tgz" -C "$DL"
}

fetch_zipkin() {
  [[ -f "$DL/zipkin-server-$ZIPKIN_VERSION-exec.jar" ]] && return
  log "downloading Zipkin server $ZIPKIN_VERSION (once)"
  (cd "$DL" && "${MVN[@]}" dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" -DoutputDirectory="$DL")
}

# ---------------------------------------------------------------------------------------------------------------- postgres
pg_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_PORT"; }
psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

up_postgres() {
  # The machine's PostgreSQL server is shared with other projects: start it if it is down, never stop it.
  if ! pg_ready; then
    log "PostgreSQL is not answering on $PG_HOST:$PG_PORT; starting the machine's cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start \
      || die "could not start PostgreSQL"
    wait_for postgres 60 pg_ready
  fi
  local entry db owner
  for entry in $PG_DATABASES; do
    db=${entry%%:*} owner=${entry##*:}
    if [[ -z $(psql_admin -c "select 1 from pg_roles where rolname='$owner'") ]]; then
      psql_admin -c "create role $owner login password '$owner-dev-only'"   # DEV ONLY password
    fi
    # As in the cluster (CloudNativePG managed roles): the service's role owns its database and nothing more.
    psql_admin -c "alter role $owner nosuperuser nocreatedb nocreaterole noreplication nobypassrls" >/dev/null
    if [[ -z $(psql_admin -c "select 1 from pg_database where datname='$db'") ]]; then
      psql_admin -c "create database $db owner $owner"
      log "created database $db (owner $owner)"
    fi
  done
}

# The test databases start empty for every run of the test command: the machine's cluster is shared by every checkout
# and branch on it, and a migration some branch applied there (a version main does not have, a column it later renamed)
# must never decide whether main's tests pass. The dev databases keep their data (scripts/run.sh's platform uses them).
cmd_reset_test_databases() {
  pg_ready || die "PostgreSQL is not answering on $PG_HOST:$PG_PORT (scripts/infra.sh up postgres)"
  local entry db owner
  for entry in $PG_DATABASES; do
    db=${entry%%:*} owner=${entry##*:}
    [[ $db == *_test ]] || continue
    # FORCE ends the sessions still open on it (a standby's readers included, by replay conflict).
    psql_admin -c "drop database if exists $db with (force)"
    psql_admin -c "create database $db owner $owner"
  done
  log "test databases recreated empty: $(for e in $PG_DATABASES; do [[ ${e%%:*} == *_test ]] && printf '%s ' "${e%%:*}"; done)"
}

# ---------------------------------------------------------------------------------------------------------------- postgres-replica
# A hot standby of the machine's cluster: pg_basebackup -R into .local/data/postgres-replica, a second server on
# 127.0.0.1:$PG_REPLICA_PORT streaming from the primary through its own slot. It carries every database of the
# cluster, so each service's read datasource names the same database on the other port.
REPLICA_DIR="$DATA/postgres-replica"

postgres_replica_ready() { pg_isready -q -h "$PG_HOST" -p "$PG_REPLICA_PORT"; }
psql_replica() { psql -h "$PG_HOST" -p "$PG_REPLICA_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
# PostgreSQL refuses to run as root: the server's files belong to postgres when this script runs as root.
as_pg() { if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_bin() { echo "/usr/lib/postgresql/$(( $(psql_admin -c 'show server_version_num') / 10000 ))/bin"; }

# The standby is streaming when the primary's walsender for our slot says so (not merely when the port answers).
replica_streaming() {
  [[ $(psql_admin -c "select r.state from pg_stat_replication r join pg_replication_slots s on s.active_pid = r.pid
    where s.slot_name = '$PG_REPLICA_SLOT'") == streaming ]]
}

# What the machine's cluster needs for a standby, added only when missing: a role with REPLICATION and an hba line.
replication_access() {
  [[ $(psql_admin -c "show wal_level") != minimal ]] && (( $(psql_admin -c "show max_wal_senders") > 0 )) \
    || die "the machine's PostgreSQL has wal_level=minimal or max_wal_senders=0; a standby needs a restart with other settings"
  if [[ -z $(psql_admin -c "select 1 from pg_roles where rolname = '$PG_REPLICATION_ROLE'") ]]; then
    psql_admin -c "create role $PG_REPLICATION_ROLE with replication login password '$PG_REPLICATION_PASSWORD'"
    log "created replication role $PG_REPLICATION_ROLE on the machine's cluster"
  fi
  local hba
  hba=$(psql_admin -c "show hba_file")
  if ! grep -qF "$PG_HBA_MARK" "$hba" 2>/dev/null; then
    [[ -w $hba ]] || die "$hba needs: host replication $PG_REPLICATION_ROLE 127.0.0.1/32 scram-sha-256 (not writable by $(id -un))"
    printf '\n%s\nhost replication %s 127.0.0.1/32 scram-sha-256\n' "$PG_HBA_MARK" "$PG_REPLICATION_ROLE" >>"$hba"
    psql_admin -c "select pg_reload_conf()" >/dev/null
    log "allowed replication connections of $PG_REPLICATION_ROLE from 127.0.0.1 in $hba (reloaded)"
  fi
  if [[ -z $(psql_admin -c "select 1 from pg_replication_slots where slot_name = '$PG_REPLICA_SLOT'") ]]; then
    # Reserved now, so the primary keeps every WAL segment from here on while the standby is away.
    psql_admin -c "select pg_create_physical_replication_slot('$PG_REPLICA_SLOT', true)" >/dev/null
  fi
}

replica_basebackup() {
  local bin=$1 setting
  log "postgres-replica: base backup of $PG_HOST:$PG_PORT into ${REPLICA_DIR#$ROOT/} (slot $PG_REPLICA_SLOT)"
  rm -rf "$REPLICA_DIR"
  mkdir -p "$REPLICA_DIR" && chmod 700 "$REPLICA_DIR"
  [[ $(id -u) == 0 ]] && chown postgres: "$REPLICA_DIR"
  # -R writes standby.signal and primary_conninfo (with slot); WAL streams during the backup, so it is consistent.
  as_pg "$bin/pg_basebackup" -D "$REPLICA_DIR" -R -X stream -S "$PG_REPLICA_SLOT" --checkpoint=fast \
    -d "host=$PG_HOST port=$PG_PORT user=$PG_REPLICATION_ROLE password=$PG_REPLICATION_PASSWORD application_name=platform-replica" \
    >>"$LOGS/postgres-replica.log" 2>&1 || { tail -n 20 "$LOGS/postgres-replica.log" >&2; die "pg_basebackup failed"; }
  # Debian keeps the primary's postgresql.conf and pg_hba.conf outside its data directory: the standby gets its own.
  # A hot standby refuses to start with fewer of these than its primary has.
  {
    echo "# written by scripts/infra.sh: a hot standby of $PG_HOST:$PG_PORT"
    echo "port = $PG_REPLICA_PORT"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '/tmp'"
    echo "hot_standby = on"
    # Long reads on the standby are not cancelled by the primary's vacuum; the primary keeps the rows they need.
    echo "hot_standby_feedback = on"
    echo "cluster_name = 'platform-replica'"
    for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
      echo "$setting = $(psql_admin -c "show $setting")"
    done
  } >"$REPLICA_DIR/postgresql.conf"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$REPLICA_DIR/pg_hba.conf"
  : >"$REPLICA_DIR/pg_ident.conf"
  [[ $(id -u) == 0 ]] && chown postgres: "$REPLICA_DIR"/{postgresql.conf,pg_hba.conf,pg_ident.conf}
  return 0
}

replica_start() {
  local bin=$1
  touch "$LOGS/postgres-replica.log"
  [[ $(id -u) == 0 ]] && chown postgres: "$LOGS/postgres-replica.log"
  as_pg "$bin/pg_ctl" -D "$REPLICA_DIR" -l "$LOGS/postgres-replica.log" -W start >/dev/null
  local i
  for ((i = 0; i < 50; i++)); do [[ -s "$REPLICA_DIR/postmaster.pid" ]] && break; sleep 0.2; done
  head -n1 "$REPLICA_DIR/postmaster.pid" >"$RUN/postgres-replica.pid"
}

up_postgres_replica() {
  pg_ready || die "the primary ($PG_HOST:$PG_PORT) is not running: start postgres first"
  replication_access
  local bin; bin=$(pg_bin)
  [[ -f "$REPLICA_DIR/standby.signal" ]] || replica_basebackup "$bin"
  replica_start "$bin"
  if ! wait_for postgres-replica 60 replica_streaming; then
    # A standby left down too long (its slot dropped, the WAL it needs recycled) cannot catch up: take a new copy.
    log "postgres-replica does not stream from its data; taking a new base backup"
    stop_postgres_replica
    replica_basebackup "$bin"
    replica_start "$bin"
    wait_for postgres-replica 120 replica_streaming || die "postgres-replica does not stream"
  fi
}

# Fast shutdown (SIGINT): ends the clients' sessions. SIGTERM would wait for every pooled connection to close.
stop_postgres_replica() {
  local pid i; pid=$(pid_of postgres-replica)
  if [[ -n $pid ]]; then
    log "stopping postgres-replica (pid $pid)"
    kill -INT "$pid" 2>/dev/null || true
    for ((i = 0; i < 60; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then log "postgres-replica did not stop in 30s; immediate shutdown"; kill -QUIT "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$RUN/postgres-replica.pid"
}

down_postgres_replica() {
  stop_postgres_replica
  # Without a standby the slot would make the machine's primary keep WAL for ever.
  if [[ ${REPLICA_KEEP_SLOT:-0} != 1 ]] && pg_ready; then
    psql_admin -c "select pg_drop_replication_slot(slot_name) from pg_replication_slots
      where slot_name = '$PG_REPLICA_SLOT' and not active" >/dev/null || true
  fi
}

replica_status() {
  psql_admin -c "select coalesce(r.state, 'not connected') || ', replay lag '
      || coalesce(pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)), '?')
    from pg_replication_slots s left join pg_stat_replication r on r.pid = s.active_pid
    where s.slot_name = '$PG_REPLICA_SLOT'" 2>/dev/null || true
}

# ---------------------------------------------------------------------------------------------------------------- kafka
kafka_ready() { grep -q 'Kafka Server started' "$LOGS/kafka.log" 2>/dev/null && port_open $KAFKA_PORT; }

up_kafka() {
  fetch_kafka
  local dir="$DATA/kafka"
  mkdir -p "$dir/logs"
  # Clients sign in with SCRAM-SHA-512 and get only the ACLs of their KafkaUser (k8s/components/infrastructure/
  # kafka-users.yaml), as in the cluster. The controller listener stays plaintext on loopback: only the broker in
  # this same process talks to it, as ANONYMOUS, which is therefore a super user (cluster actions).
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=SASL_PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=SASL_PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT
sasl.enabled.mechanisms=SCRAM-SHA-512
sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=$KAFKA_ADMIN_JAAS_CONFIG
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:$KAFKA_ADMIN_USER;User:ANONYMOUS
allow.everyone.if.no.acl.found=false
log.dirs=$dir/logs
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
min.insync.replicas=1
default.replication.factor=1
group.initial.rebalance.delay.ms=0
EOF
  # A log directory formatted before the broker required SASL has no admin credential: start it afresh (dev data;
  # the topics are created again below).
  if [[ -f "$dir/logs/meta.properties" && ! -f "$dir/logs/.scram-admin" ]]; then
    log "kafka: the local log directory predates SASL; formatting it again (local dev data only)"
    rm -rf "$dir/logs" && mkdir -p "$dir/logs"
  fi
  if [[ ! -f "$dir/logs/meta.properties" ]]; then
    local id
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    java -cp "$DL/kafka/*" -Dlog4j2.configurationFile="$INFRA/kafka/log4j2.yaml" kafka.tools.StorageTool format \
      -t "$id" -c "$dir/server.properties" \
      --add-scram "SCRAM-SHA-512=[name=$KAFKA_ADMIN_USER,password=$KAFKA_ADMIN_PASSWORD]" \
      >"$LOGS/kafka-format.log" 2>&1 || { cat "$LOGS/kafka-format.log" >&2; die "kafka format failed"; }
    touch "$dir/logs/.scram-admin"
  fi
  : >"$LOGS/kafka.log"
  nohup java -Xms256m -Xmx512m -cp "$DL/kafka/*" -Dlog4j2.configurationFile="$INFRA/kafka/log4j2.yaml" \
    kafka.Kafka "$dir/server.properties" >>"$LOGS/kafka.log" 2>&1 &
  echo $! >"$RUN/kafka.pid"
  wait_for kafka 120 kafka_ready
  # The platform's topics (shared-contracts Topics), so a reader never races the first writer on a fresh broker.
  KAFKA_ADMIN_JAAS_CONFIG=$KAFKA_ADMIN_JAAS_CONFIG \
    java -cp "$DL/kafka/*" -Dlog4j2.configurationFile="$INFRA/kafka/log4j2.yaml" "$INFRA/kafka/CreateTopics.java" \
    127.0.0.1:$KAFKA_PORT $KAFKA_TOPICS >>"$LOGS/kafka.log" 2>&1 || die "could not create the Kafka topics (see $LOGS/kafka.log)"
  # The cluster's users and ACLs (the KafkaUser resources), with the dev overlay's DEV ONLY passwords.
  KAFKA_ADMIN_JAAS_CONFIG=$KAFKA_ADMIN_JAAS_CONFIG \
    java -cp "$DL/kafka/*" -Dlog4j2.configurationFile="$INFRA/kafka/log4j2.yaml" "$INFRA/kafka/KafkaUsers.java" \
    127.0.0.1:$KAFKA_PORT "$ROOT/k8s/components/infrastructure/kafka-users.yaml" "$ROOT/k8s/overlays/dev/kustomization.yaml" \
    >>"$LOGS/kafka.log" 2>&1 || die "could not create the Kafka users and ACLs (see $LOGS/kafka.log)"
}

# ---------------------------------------------------------------------------------------------------------------- infinispan
infinispan_ready() {
  grep -q 'ISPN080028\|Exception in thread "main"' "$LOGS/infinispan.log" 2>/dev/null && return 1
  grep -q 'ISPN080001' "$LOGS/infinispan.log" 2>/dev/null
}

up_infinispan() {
  fetch_infinispan
  local home="$DATA/infinispan"
  mkdir -p "$home/server/conf" "$home/server/lib" "$home/server/data" "$home/server/log"
  ln -sfn "$DL/infinispan" "$home/lib"
  cp "$INFRA/infinispan/conf/"* "$home/server/conf/"
  infinispan_identities "$home/server/conf"
  : >"$LOGS/infinispan.log"
  nohup java -Xms256m -Xmx768m -Djava.net.preferIPv4Stack=true \
    --add-exports java.naming/com.sun.jndi.ldap=ALL-UNNAMED \
    --add-opens java.base/java.util=ALL-UNNAMED --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
    -Djava.util.logging.manager=org.infinispan.server.loader.LogManager \
    -Dlog4j.configurationFile="$home/server/conf/log4j2.xml" \
    -Dinfinispan.server.home.path="$home" -Djgroups.join_timeout=0 \
    -jar "$home/lib/infinispan-server-runtime-$INFINISPAN_VERSION.jar" -s "$home/server" -p $INFINISPAN_PORT \
    >>"$LOGS/infinispan.log" 2>&1 &
  echo $! >"$RUN/infinispan.pid"
  wait_for infinispan 120 infinispan_ready
  define_caches
}

# users.properties and groups.properties of the properties realm, from the overlay's identities (username, password,
# roles) plus the operator's admin identity.
infinispan_identities() {
  local conf=$1
  [[ -f $INFINISPAN_IDENTITIES ]] || die "missing $INFINISPAN_IDENTITIES"
  {
    echo '#$REALM_NAME=default$'
    echo '#$ALGORITHM=clear$'
    echo "# DEV ONLY, written by scripts/infra.sh from ${INFINISPAN_IDENTITIES#$ROOT/}"
    echo "$INFINISPAN_OPERATOR_USER=$INFINISPAN_OPERATOR_PASSWORD"
  } >"$conf/users.properties"
  echo "$INFINISPAN_OPERATOR_USER=admin" >"$conf/groups.properties"
  awk -v users="$conf/users.properties" -v groups="$conf/groups.properties" '
    function flush() { if (user != "") { print user "=" password >> users; print user "=" roles >> groups } }
    /^ *- username:/ { flush(); user = $3; password = ""; roles = ""; inroles = 0; next }
    /^ *password:/ { password = $2; next }
    /^ *roles:/ { inroles = 1; next }
    inroles && /^ *- / { roles = (roles == "" ? "" : roles ",") $2; next }
    { inroles = 0 }
    END { flush() }' "$INFINISPAN_IDENTITIES"
  grep -q "^$INFINISPAN_USER=" "$conf/groups.properties" || die "no user $INFINISPAN_USER in $INFINISPAN_IDENTITIES"
}

# The platform's caches from the shared definitions, as the operator creates them from the Cache resources
# (k8s/components/infrastructure/infinispan-caches.yaml, checked against the same file by k8s-check). A cache that
# exists is left as it is: cache-service reconciles definitions that changed.
define_caches() {
  local name code
  for name in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))))' "$CACHE_DEFINITIONS"); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --digest -u "$INFINISPAN_OPERATOR_USER:$INFINISPAN_OPERATOR_PASSWORD" \
      "http://127.0.0.1:$INFINISPAN_PORT/rest/v2/caches/$name")
    [[ $code == 200 ]] && continue
    python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))[sys.argv[2]]))' "$CACHE_DEFINITIONS" "$name" |
      curl -fsS -o /dev/null --digest -u "$INFINISPAN_OPERATOR_USER:$INFINISPAN_OPERATOR_PASSWORD" \
        -H 'Content-Type: application/json' --data-binary @- "http://127.0.0.1:$INFINISPAN_PORT/rest/v2/caches/$name" \
      || die "could not define cache $name"
    log "infinispan: defined cache $name"
  done
}

# ---------------------------------------------------------------------------------------------------------------- smtp
smtp_ready() { port_open $SMTP_PORT; }

# The sink needs aiosmtpd; a fresh Debian machine gets it from its package (root: this script installs it once).
ensure_aiosmtpd() {
  [[ -x $SMTP_PYTHON ]] && "$SMTP_PYTHON" -c 'import aiosmtpd' 2>/dev/null && return
  [[ $(id -u) == 0 ]] || die "the SMTP sink needs Debian's python3-aiosmtpd: sudo apt-get install python3-aiosmtpd"
  log "installing python3-aiosmtpd with apt-get (once)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-aiosmtpd; } \
    >>"$LOGS/smtp-install.log" 2>&1 || { tail -n 20 "$LOGS/smtp-install.log" >&2; die "could not install python3-aiosmtpd"; }
  "$SMTP_PYTHON" -c 'import aiosmtpd' || die "python3-aiosmtpd installed, but $SMTP_PYTHON cannot import aiosmtpd"
}

up_smtp() {
  ensure_aiosmtpd
  mkdir -p "$MAIL_DIR"
  : >"$LOGS/smtp.log"
  nohup "$SMTP_PYTHON" -u "$INFRA/smtp/mail_sink.py" $SMTP_PORT "$MAIL_DIR" >>"$LOGS/smtp.log" 2>&1 &
  echo $! >"$RUN/smtp.pid"
  wait_for smtp 30 smtp_ready
}

# ---------------------------------------------------------------------------------------------------------------- keycloak
keycloak_ready() {
  curl -fsS -o /dev/null "http://127.0.0.1:$KEYCLOAK_PORT/realms/platform/.well-known/openid-configuration" 2>/dev/null
}

up_keycloak() {
  fetch_keycloak
  local home="$DL/keycloak-$KEYCLOAK_VERSION"
  # A realm that already exists in data/ is not imported again: start from a clean data/ each time (dev mode keeps
  # its database there), so the realm always matches scripts/infra/keycloak/platform-realm.json.
  # KEYCLOAK_KEEP_DATA=1 (the Keycloak outage journey) restarts on the same data instead, as a real restart does: same
  # realm, same signing keys, so tokens issued before the outage stay valid after it.
  if [[ ${KEYCLOAK_KEEP_DATA:-0} == 1 && -d "$home/data/h2" ]]; then
    log "keycloak: restarting on the existing data (KEYCLOAK_KEEP_DATA=1)"
  else
    rm -rf "$home/data"
    mkdir -p "$home/data/import"
    cp "$INFRA/keycloak/platform-realm.json" "$home/data/import/"
  fi
  : >"$LOGS/keycloak.log"
  KC_BOOTSTRAP_ADMIN_USERNAME=$KEYCLOAK_ADMIN_USER KC_BOOTSTRAP_ADMIN_PASSWORD=$KEYCLOAK_ADMIN_PASSWORD \
    JAVA_OPTS_KC_HEAP="-Xms256m -Xmx768m" \
    nohup "$home/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port=$KEYCLOAK_PORT \
    --hostname="http://127.0.0.1:$KEYCLOAK_PORT" --http-management-port=$KEYCLOAK_MANAGEMENT_PORT \
    --health-enabled=true --import-realm >>"$LOGS/keycloak.log" 2>&1 &
  echo $! >"$RUN/keycloak.pid"
  wait_for keycloak 300 keycloak_ready
}

# ---------------------------------------------------------------------------------------------------------------- zipkin
zipkin_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$ZIPKIN_PORT/health" 2>/dev/null; }

up_zipkin() {
  fetch_zipkin
  : >"$LOGS/zipkin.log"
  # In-memory storage (STORAGE_TYPE=mem), listening on loopback only; no self-tracing.
  STORAGE_TYPE=mem MEM_MAX_SPANS=$ZIPKIN_MAX_SPANS SELF_TRACING_ENABLED=false \
    nohup java -Xms64m -Xmx384m -jar "$DL/zipkin-server-$ZIPKIN_VERSION-exec.jar" \
    --armeria.ports[0].ip=127.0.0.1 --armeria.ports[0].port=$ZIPKIN_PORT --armeria.ports[0].protocols[0]=http \
    >>"$LOGS/zipkin.log" 2>&1 &
  echo $! >"$RUN/zipkin.pid"
  wait_for zipkin 120 zipkin_ready
}

# ---------------------------------------------------------------------------------------------------------------- verbs
component_port() {
  case $1 in postgres) echo $PG_PORT ;; postgres-replica) echo $PG_REPLICA_PORT ;; kafka) echo $KAFKA_PORT ;; infinispan) echo $INFINISPAN_PORT ;; smtp) echo $SMTP_PORT ;; keycloak) echo $KEYCLOAK_PORT ;; zipkin) echo $ZIPKIN_PORT ;; esac
}

is_running() {
  case $1 in
    postgres) pg_ready ;;
    postgres-replica) [[ -n "$(pid_of postgres-replica)" ]] && postgres_replica_ready ;;
    kafka) [[ -n "$(pid_of kafka)" ]] && kafka_ready ;;
    infinispan) [[ -n "$(pid_of infinispan)" ]] && infinispan_ready ;;
    smtp) [[ -n "$(pid_of smtp)" ]] && smtp_ready ;;
    keycloak) [[ -n "$(pid_of keycloak)" ]] && keycloak_ready ;;
    zipkin) [[ -n "$(pid_of zipkin)" ]] && zipkin_ready ;;
    *) die "unknown component $1 (one of: ${ALL[*]})" ;;
  esac
}

cmd_up() {
  local c
  for c in "$@"; do
    if [[ $c == postgres ]]; then up_postgres; continue; fi
    if is_running "$c"; then log "$c already running"; continue; fi
    if [[ -n "$(pid_of "$c")" ]]; then
      log "$c has a process but is not ready; waiting"
      local ready="${c//-/_}_ready"
      "$ready" || wait_for "$c" 300 "$ready"
      continue
    fi
    port_open "$(component_port "$c")" && die "port $(component_port "$c") is taken by a process this script did not start"
    "up_${c//-/_}"
    record_started "$c"
  done
  cmd_status
}

alive() { local p; for p in "$@"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }

stop_pid() { # name pid
  local name=$1 pid=$2 i kids
  # kc.sh runs java as its child: signal both, and wait for both.
  kids=$(pgrep -P "$pid" || true)
  # shellcheck disable=SC2086
  kill -TERM "$pid" $kids 2>/dev/null || true
  for ((i = 0; i < 60; i++)); do
    # shellcheck disable=SC2086
    alive "$pid" $kids || break
    sleep 0.5
  done
  # shellcheck disable=SC2086
  if alive "$pid" $kids; then log "$name did not stop in 30s; killing"; kill -KILL "$pid" $kids 2>/dev/null || true; fi
}

cmd_down() {
  local c pid
  for c in "$@"; do
    [[ $c == postgres ]] && continue   # the machine's server, not ours
    if [[ $c == postgres-replica ]]; then down_postgres_replica; continue; fi
    pid=$(pid_of "$c")
    if [[ -n $pid ]]; then
      log "stopping $c (pid $pid)"
      stop_pid "$c" "$pid"
    fi
    rm -f "$RUN/$c.pid"
  done
  for c in "$@"; do
    [[ $c == postgres ]] && continue
    local i; for ((i = 0; i < 30; i++)); do port_open "$(component_port "$c")" || break; sleep 0.5; done
  done
}

cmd_status() {
  local c state
  for c in "${ALL[@]}"; do
    if is_running "$c" 2>/dev/null; then state=UP; else state=DOWN; fi
    case $c in
      postgres) printf '%-16s %-5s 127.0.0.1:%s (databases: %s)\n' "$c" "$state" $PG_PORT "$(echo "$PG_DATABASES" | sed 's/:[a-z]*//g')" ;;
      postgres-replica) printf '%-16s %-5s 127.0.0.1:%s (hot standby of :%s, slot %s: %s)  pid %s\n' "$c" "$state" \
        $PG_REPLICA_PORT $PG_PORT "$PG_REPLICA_SLOT" "$(replica_status)" "$(pid_of postgres-replica)" ;;
      kafka) printf '%-16s %-5s 127.0.0.1:%s  pid %s\n' "$c" "$state" $KAFKA_PORT "$(pid_of kafka)" ;;
      infinispan) printf '%-16s %-5s 127.0.0.1:%s (Hot Rod + REST, user %s)  pid %s\n' "$c" "$state" $INFINISPAN_PORT $INFINISPAN_USER "$(pid_of infinispan)" ;;
      smtp) printf '%-16s %-5s 127.0.0.1:%s (mail sink, one file per mail in %s)  pid %s\n' "$c" "$state" $SMTP_PORT "${MAIL_DIR#$ROOT/}" "$(pid_of smtp)" ;;
      keycloak) printf '%-16s %-5s http://127.0.0.1:%s/realms/platform (admin console: %s)  pid %s\n' "$c" "$state" $KEYCLOAK_PORT $KEYCLOAK_ADMIN_USER "$(pid_of keycloak)" ;;
      zipkin) printf '%-16s %-5s http://127.0.0.1:%s/zipkin/ (traces, in memory)  pid %s\n' "$c" "$state" $ZIPKIN_PORT "$(pid_of zipkin)" ;;
    esac
  done
}

cmd_logs() {
  if [[ $# -eq 0 ]]; then tail -n 50 -F "$LOGS"/{postgres-replica,kafka,infinispan,smtp,keycloak,zipkin}.log; else tail -n 100 -F "$LOGS/$1.log"; fi
}

verb=${1:-status}; shift || true
[[ $# -gt 0 ]] && comps=("$@") || comps=("${ALL[@]}")
case $verb in
  up) cmd_up "${comps[@]}" ;;
  down) cmd_down "${comps[@]}" ;;
  status) cmd_status ;;
  logs) cmd_logs "$@" ;;
  reset-test-databases) cmd_reset_test_databases ;;
  *) die "usage: $0 up|down|status|logs|reset-test-databases [component...]" ;;
esac
