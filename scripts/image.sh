#!/usr/bin/env bash
# OCI images of the four services, built without a container daemon and run locally (issue 16, part 5).
#
#   scripts/image.sh build <module>|all [--no-package]   package the module(s) (./mvnw package, tests skipped) and
#                                                         write <module>/target/image/<module>-<version>.oci.tar
#   scripts/image.sh run-check <module>|all [--no-build]  run the image as the cluster would (uid 185, read-only root
#                                                         filesystem, only /tmp writable, no capabilities) against
#                                                         the local servers and wait for /q/health/ready
#   scripts/image.sh base [--refresh]                     (re)build only the JRE base image
#   scripts/image.sh modules                              the modules that have an image (k8s/overlays/prod/images.yaml)
#
# The base: no registry image can be pulled here, so a Debian bookworm root filesystem (debootstrap --variant=minbase,
# openjdk-17-jre-headless, bookworm-security and -updates applied), trimmed, with user `app` (uid/gid 185) and the
# entry point /usr/local/bin/run-java. Built once and cached in /var/cache/scalableapi/images/base-<key> (as root; else
# .local/images; IMAGE_CACHE_DIR overrides), the key a hash of its package list and of the recipe below; --refresh (or IMAGE_BASE_REFRESH=1) rebuilds it to pick up security updates.
# Each service image = the base + two layers made with umoci: lib/ (dependencies: changes rarely) and the
# application (app/, quarkus/, quarkus-run.jar), owned by 185, mtimes and dates set to the commit time: the same
# commit and base give the same image digest.
# Config: USER 185:185, WORKDIR /deployments, EXPOSE 8080 9000, OCI labels (title, version, revision, base).
#
# run-check runs the archive with podman (--read-only, --user 185:185, --cap-drop ALL, --tmpfs /tmp, --network host,
# profile `local`: the 127.0.0.1 servers) on free ports, and polls /q/health/ready on the management port
# (QUARKUS_MANAGEMENT_PORT, when the service enables the management interface) or else on the HTTP port. It also
# asserts inside the container: uid 185, the root filesystem refuses writes, /tmp accepts them. It starts with
# scripts/infra.sh only the servers whose port is closed, and stops exactly those afterwards.
#   IMAGE_CHECK_READY_PORT=<port>   poll this port only       IMAGE_CHECK_TIMEOUT=<s>   default 180
#
# Needs root (debootstrap, podman's storage); installs its Debian packages on first use (debootstrap umoci podman
# crun). Outputs: <module>/target/image/{<module>-<version>.oci.tar, image.env}. Logs: .local/logs/image-*.log.
# Publish an archive: skopeo copy oci-archive:<file> docker://ghcr.io/scalableapi/<module>:<version>
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL="${PLATFORM_LOCAL_DIR:-$ROOT/.local}"
LOGS="$LOCAL/logs" RUN="$LOCAL/run"
# The base image cache. As root, outside the checkout by default, so every worktree and every fresh clone (CI) on this
# machine reuses it; the key (below) makes sharing safe. IMAGE_CACHE_DIR overrides.
if ((EUID == 0)); then IMAGES="${IMAGE_CACHE_DIR:-/var/cache/scalableapi/images}"; else IMAGES="${IMAGE_CACHE_DIR:-$LOCAL/images}"; fi
IMAGES_YAML="$ROOT/k8s/overlays/prod/images.yaml"
# shellcheck source=lib/images.sh
source "$ROOT/scripts/lib/images.sh"
REGISTRY=$IMAGE_REGISTRY
mkdir -p "$IMAGES" "$LOGS" "$RUN"

BASE_SUITE=bookworm
BASE_PACKAGES="openjdk-17-jre-headless"
BASE_MIRROR="${IMAGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE_SECURITY_MIRROR="${IMAGE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
APP_UID=185

log() { printf '[image] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

need_packages() { # debian-package...: installs those whose command is missing (command = package name here)
  local missing=() p
  for p in "$@"; do command -v "$p" >/dev/null || missing+=("$p"); done
  ((${#missing[@]})) || return 0
  ((EUID == 0)) || die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
  log "installing ${missing[*]} (apt-get, once)"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >"$LOGS/image-apt.log" 2>&1; then
    apt-get update -q >>"$LOGS/image-apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$LOGS/image-apt.log" 2>&1 \
      || { tail -n 20 "$LOGS/image-apt.log" >&2; die "apt-get install ${missing[*]} failed"; }
  fi
}

# The modules that have an image: the ones k8s/overlays/prod/images.yaml pins.
modules() { image_modules "$IMAGES_YAML"; }
module_version() { sed -n '/<\/parent>/,$ s|^  <version>\([^<]*\)</version>.*|\1|p' "$ROOT/$1/pom.xml" | head -n 1; }
resolve_modules() { # <module>|all
  if [[ $1 == all ]]; then modules; return; fi
  modules | grep -qx -- "$1" || die "'$1' has no image (modules with one, from images.yaml: $(modules | tr '\n' ' '))"
  echo "$1"
}

# ---------------------------------------------------------------------------------------------------------------- base
# The recipe. Any change to this function (or to BASE_SUITE/BASE_PACKAGES) changes the cache key.
base_rootfs() { # rootfs-dir
  local rootfs=$1
  debootstrap --variant=minbase --cache-dir="$IMAGES/debs" "$BASE_SUITE" "$rootfs" "$BASE_MIRROR" \
    >"$LOGS/image-base.log" 2>&1 || { tail -n 30 "$LOGS/image-base.log" >&2; return 1; }
  cat >"$rootfs/etc/apt/sources.list" <<EOF
deb $BASE_MIRROR $BASE_SUITE main
deb $BASE_MIRROR $BASE_SUITE-updates main
deb $BASE_SECURITY_MIRROR $BASE_SUITE-security main
EOF
  printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' >"$rootfs/etc/apt/apt.conf.d/99no-recommends"
  # man pages and docs are never installed (dpkg path excludes), the JRE's postinst needs /proc: a private mount ns.
  printf 'path-exclude=/usr/share/man/*\npath-exclude=/usr/share/doc/*\npath-include=/usr/share/doc/*/copyright\npath-exclude=/usr/share/info/*\npath-exclude=/usr/share/locale/*\n' \
    >"$rootfs/etc/dpkg/dpkg.cfg.d/99-image-nodoc"
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  # shellcheck disable=SC2016
  unshare --mount --propagation private sh -c '
    mount -t proc proc "$1/proc" && chroot "$1" /bin/sh -ec "
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -q
      apt-get upgrade -y -q
      apt-get install -y -q $2
      apt-get clean
      java -version"' sh "$rootfs" "$BASE_PACKAGES" >>"$LOGS/image-base.log" 2>&1 \
    || { tail -n 30 "$LOGS/image-base.log" >&2; return 1; }
  chroot "$rootfs" dpkg-query -W -f '${Package} ${Version}\n' >"$rootfs.packages"
  # Trim: package indexes, caches, logs, docs, device nodes (the runtime provides /dev), the build host's resolv.conf.
  rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/var/cache/debconf/*-old \
    "$rootfs"/var/log/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/locale/* \
    "$rootfs"/tmp/* "$rootfs"/var/tmp/* "$rootfs"/dev/* "$rootfs"/proc/* "$rootfs"/sys/* "$rootfs"/run/*
  find "$rootfs/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
  : >"$rootfs/etc/resolv.conf"
  chmod 1777 "$rootfs/tmp" "$rootfs/var/tmp"
  # The application user, as in the Quarkus/UBI images: uid/gid 185, home /deployments, no login shell.
  echo "app:x:$APP_UID:$APP_UID:application:/deployments:/usr/sbin/nologin" >>"$rootfs/etc/passwd"
  echo "app:x:$APP_UID:" >>"$rootfs/etc/group"
  echo "app:!:19000::::::" >>"$rootfs/etc/shadow"
  install -d -o "$APP_UID" -g "$APP_UID" -m 0755 "$rootfs/deployments"
  # Entry point. JAVA_OPTS_APPEND is the Deployment's variable (k8s/base/*/deployment.yaml), as in the UBI images'
  # run-java.sh; JAVA_MAX_MEM_RATIO of that script is not read: -XX:MaxRAMPercentage in JAVA_OPTS_APPEND sizes the heap.
  cat >"$rootfs/usr/local/bin/run-java" <<'EOF'
#!/bin/sh
# Starts the Quarkus fast-jar: java $JAVA_OPTS $JAVA_OPTS_APPEND -jar $JAVA_APP_JAR [args]
set -e
# shellcheck disable=SC2086
exec java $JAVA_OPTS $JAVA_OPTS_APPEND -jar "${JAVA_APP_JAR:-/deployments/quarkus-run.jar}" "$@"
EOF
  chmod 0755 "$rootfs/usr/local/bin/run-java"
}

base_key() {
  { echo "$BASE_SUITE $BASE_PACKAGES $APP_UID"; declare -f base_rootfs; } | sha256sum | cut -c1-16
}

# Prints the path of the base OCI layout (tag `base`), building it when it is not cached.
ensure_base() {
  local key dir tmp df_avail old start=$SECONDS
  key=$(base_key)
  dir="$IMAGES/base-$key"
  if [[ ${IMAGE_BASE_REFRESH:-0} == 1 && -d $dir ]]; then log "refreshing the base image ($dir)"; rm -rf "$dir"; fi
  if [[ -f $dir/ready ]]; then touch "$dir/ready"; echo "$dir"; return; fi
  ((EUID == 0)) || die "building the base image needs root (debootstrap, chroot)"
  need_packages debootstrap umoci
  df_avail=$(df -Pk "$IMAGES" | awk 'NR==2 {print $4}')
  ((df_avail > 2 * 1024 * 1024)) || die "less than 2 GiB free under $IMAGES"
  log "building the JRE base image $key (debootstrap $BASE_SUITE + $BASE_PACKAGES; once, a few minutes)"
  tmp="$IMAGES/base-$key.tmp.$$"
  rm -rf "$tmp" && mkdir -p "$tmp" "$IMAGES/debs"
  base_rootfs "$tmp/rootfs" || die "the base root filesystem failed; see $LOGS/image-base.log"
  umoci init --layout "$tmp/layout"
  umoci new --image "$tmp/layout:base"
  umoci insert --image "$tmp/layout:base" --history.created_by "debootstrap $BASE_SUITE minbase + $BASE_PACKAGES" \
    "$tmp/rootfs" /
  umoci config --image "$tmp/layout:base" --os linux --architecture amd64 --config.user "$APP_UID:$APP_UID" \
    --config.workingdir /deployments --config.entrypoint /usr/local/bin/run-java \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 --config.env LANG=C.UTF-8 \
    --config.env LANGUAGE=en_US:en --config.label "io.scalableapi.base.key=$key" \
    --history.created_by "config: user $APP_UID, entrypoint run-java"
  umoci gc --layout "$tmp/layout"
  mv "$tmp/rootfs.packages" "$tmp/packages.txt"
  rm -rf "$tmp/rootfs"
  date -u +%FT%TZ >"$tmp/ready"
  # Another build of the same key may have finished meanwhile: either result is the same base.
  if [[ -f $dir/ready ]]; then rm -rf "$tmp"; else rm -rf "$dir" && mv -T "$tmp" "$dir"; fi
  # Bases of other keys (another checkout's recipe) stay while in use; unused for 14 days, they go.
  for old in "$IMAGES"/base-*; do
    [[ $old != "$dir" && -f $old/ready && -n $(find "$old/ready" -mtime +14) ]] || continue
    log "removing the base ${old##*/}, unused for 14 days"; rm -rf "$old"
  done
  log "base image $key ready in $((SECONDS - start)) s ($(du -sh "$dir/layout" | cut -f1) compressed; packages: $dir/packages.txt)"
  echo "$dir"
}

# ---------------------------------------------------------------------------------------------------------------- build
package_modules() { # module...
  local list
  list=$(IFS=,; echo "$*")
  log "packaging $list (./mvnw package, tests skipped) ${IMAGE_MAVEN_ARGS:-}"
  # shellcheck disable=SC2086
  (cd "$ROOT" && ./mvnw -B -q ${IMAGE_MAVEN_ARGS:-} -pl "$list" -am package -DskipTests) || die "packaging $list failed"
}

build_image() { # module base-dir
  local module=$1 base=$2 version app work layout stage out epoch created revision start=$SECONDS
  version=$(module_version "$module")
  [[ -n $version ]] || die "no <version> in $module/pom.xml"
  app="$ROOT/$module/target/quarkus-app"
  [[ -f $app/quarkus-run.jar ]] || die "$app/quarkus-run.jar missing: package $module first (or drop --no-package)"
  compgen -G "$app/app/$module-$version.jar" >/dev/null \
    || die "$app is not $module $version (app/: $(ls "$app/app" | tr '\n' ' ')): package it again"
  work="$ROOT/$module/target/image"
  layout="$work/layout" stage="$work/stage" out="$work/$module-$version.oci.tar"
  rm -rf "$layout" "$stage" "$work"/*.oci.tar && mkdir -p "$layout/blobs" "$stage/lib" "$stage/app"
  # The base's blobs are hard links when on one filesystem (never written in place: umoci writes new blobs and a new index.json).
  cp -al "$base/layout/blobs/." "$layout/blobs/" 2>/dev/null || cp -a "$base/layout/blobs/." "$layout/blobs/"
  cp "$base/layout/index.json" "$base/layout/oci-layout" "$layout/"
  epoch=$(git -C "$ROOT" log -1 --format=%ct 2>/dev/null || echo 0)
  created=$(date -u -d "@$epoch" +%FT%TZ)
  revision=$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)
  [[ -z $(git -C "$ROOT" status --porcelain -- "$module" 2>/dev/null) ]] || revision="$revision-dirty"
  cp -a "$app/lib/." "$stage/lib/"
  cp -a "$app/app" "$app/quarkus" "$app/quarkus-run.jar" "$stage/app/"
  chown -R "$APP_UID:$APP_UID" "$stage"
  chmod -R u=rwX,go=rX "$stage"
  find "$stage" -exec touch -h -d "@$epoch" {} +
  umoci insert --image "$layout:base" --tag build --history.created "$created" --history.created_by "$module: quarkus-app/lib (dependencies)" \
    "$stage/lib" /deployments/lib
  umoci insert --image "$layout:build" --history.created "$created" --history.created_by "$module $version: quarkus-app (application)" \
    "$stage/app" /deployments
  umoci config --image "$layout:build" --tag "$version" --created "$created" --history.created "$created" \
    --config.exposedports 8080/tcp --config.exposedports 9000/tcp \
    --config.env "JAVA_APP_JAR=/deployments/quarkus-run.jar" \
    --config.env "JAVA_OPTS_APPEND=-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dquarkus.http.host=0.0.0.0 -Djava.util.logging.manager=org.jboss.logmanager.LogManager" \
    --config.label "org.opencontainers.image.title=$module" \
    --config.label "org.opencontainers.image.version=$version" \
    --config.label "org.opencontainers.image.revision=$revision" \
    --config.label "org.opencontainers.image.licenses=Apache-2.0" \
    --config.label "org.opencontainers.image.base.name=debian:$BASE_SUITE+$BASE_PACKAGES" \
    --manifest.annotation "org.opencontainers.image.version=$version" \
    --history.created_by "config: $module $version"
  umoci rm --image "$layout:base" && umoci rm --image "$layout:build"
  umoci gc --layout "$layout"
  tar -C "$layout" --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -cf "$out" .
  local digest
  digest=$(jq -r '.manifests[0].digest' "$layout/index.json")
  cat >"$work/image.env" <<EOF
IMAGE_MODULE=$module
IMAGE_VERSION=$version
IMAGE_REF=$REGISTRY/$module:$version
IMAGE_ARCHIVE=$out
IMAGE_MANIFEST_DIGEST=$digest
IMAGE_REVISION=$revision
EOF
  rm -rf "$stage"
  log "$module $version: $out ($(du -h "$out" | cut -f1), manifest $digest) in $((SECONDS - start)) s"
}

cmd_build() {
  local target=${1:-} package=true m base
  [[ -n $target ]] || die "usage: $0 build <module>|all [--no-package]"
  [[ ${2:-} == --no-package ]] && package=false
  mapfile -t mods < <(resolve_modules "$target")
  need_packages umoci jq
  $package && package_modules "${mods[@]}"
  base=$(ensure_base)
  for m in "${mods[@]}"; do build_image "$m" "$base"; done
}

# ---------------------------------------------------------------------------------------------------------------- run
free_port() { local p; for ((p = $1; p < $1 + 200; p++)); do port_open "$p" || { echo "$p"; return; }; done; die "no free port from $1"; }

# Starts with scripts/infra.sh the servers whose port is closed (servers another checkout started are used as they are).
INFRA_STARTED=""
infra_up() {
  local want=() c port
  for c in postgres:5432 postgres-replica:5433 kafka:9092 infinispan:11222 keycloak:8180; do
    port=${c##*:}
    port_open "$port" || want+=("${c%%:*}")
  done
  if ((${#want[@]} == 0)); then log "using the servers listening on 127.0.0.1 (5432 5433 9092 11222 8180)"; return; fi
  INFRA_STARTED=$(mktemp)
  log "starting ${want[*]} (scripts/infra.sh)"
  INFRA_STARTED_FILE=$INFRA_STARTED "$ROOT/scripts/infra.sh" up "${want[@]}" >/dev/null
}
infra_down() {
  [[ -n $INFRA_STARTED && -s $INFRA_STARTED ]] || return 0
  log "stopping what this check started: $(tr '\n' ' ' <"$INFRA_STARTED")"
  # shellcheck disable=SC2046
  "$ROOT/scripts/infra.sh" down $(cat "$INFRA_STARTED") || true
  rm -f "$INFRA_STARTED"
}

CONTAINER=""
podman_cleanup() {
  [[ -n $CONTAINER ]] || return 0
  podman logs "$CONTAINER" >"$LOGS/image-check-$CHECK_MODULE.log" 2>&1 || true
  podman stop -t 30 "$CONTAINER" >/dev/null 2>&1 || true
  podman rm -f "$CONTAINER" >/dev/null 2>&1 || true
  rm -f "$RUN/image-check-$CHECK_MODULE.cid"
  CONTAINER=""
}

health() { curl -fs --max-time 5 "http://127.0.0.1:$1/q/health/ready"; }

run_check() { # module
  local module=$1 archive id http mgmt ready_port="" body start timeout=${IMAGE_CHECK_TIMEOUT:-180} name
  CHECK_MODULE=$module
  # shellcheck disable=SC1090
  source "$ROOT/$module/target/image/image.env"
  archive=$IMAGE_ARCHIVE
  [[ -f $archive ]] || die "$archive missing: scripts/image.sh build $module"
  log "loading $archive into podman's storage"
  id=$(podman pull -q "oci-archive:$archive") || die "podman could not load $archive"
  # The previous image under this reference is dropped (left untagged, it would pile up at each check).
  local old
  old=$(podman image inspect -f '{{.Id}}' "$IMAGE_REF" 2>/dev/null || true)
  podman tag "$id" "$IMAGE_REF" >/dev/null
  [[ -n $old && $old != "$id"* ]] && podman rmi "$old" >/dev/null 2>&1 || true
  podman untag "$id" "localhost/$IMAGE_VERSION:latest" >/dev/null 2>&1 || true   # the OCI ref name umoci wrote
  http=$(free_port 18080)
  mgmt=$(free_port $((http + 1)))
  name="image-check-$module-$$"
  start=$SECONDS
  # As the Deployment runs it (k8s/base/<module>/deployment.yaml): uid/gid 185, read-only root, /tmp an emptyDir,
  # no capabilities, no privilege escalation. Profile `local` (the unprefixed configuration): 127.0.0.1 servers.
  CONTAINER=$(podman run -d --name "$name" --network host "${PODMAN_RUN_OPTS[@]}" \
    --user "$APP_UID:$APP_UID" --read-only --read-only-tmpfs=false --tmpfs /tmp:rw,nosuid,nodev,size=256m,mode=1777 \
    --cap-drop ALL --security-opt no-new-privileges \
    -e QUARKUS_PROFILE=local -e QUARKUS_HTTP_PORT="$http" -e QUARKUS_MANAGEMENT_PORT="$mgmt" \
    "$IMAGE_REF") || die "podman run failed"
  echo "$CONTAINER" >"$RUN/image-check-$module.cid"
  log "started $IMAGE_REF as container ${CONTAINER:0:12} (http $http, management $mgmt)"
  while :; do
    if [[ -n ${IMAGE_CHECK_READY_PORT:-} ]]; then
      health "$IMAGE_CHECK_READY_PORT" >/dev/null 2>&1 && { ready_port=$IMAGE_CHECK_READY_PORT; break; }
    elif port_open "$mgmt"; then
      health "$mgmt" >/dev/null 2>&1 && { ready_port=$mgmt; break; }
    elif health "$http" >/dev/null 2>&1; then
      ready_port=$http; break
    fi
    [[ $(podman inspect -f '{{.State.Running}}' "$CONTAINER" 2>/dev/null) == true ]] \
      || { podman logs --tail 40 "$CONTAINER" >&2 || true; podman_cleanup; die "$module's container exited"; }
    if ((SECONDS - start > timeout)); then
      podman logs --tail 40 "$CONTAINER" >&2 || true
      curl -s "http://127.0.0.1:$mgmt/q/health/ready" "http://127.0.0.1:$http/q/health/ready" >&2 || true
      podman_cleanup; die "$module not ready after $timeout s"
    fi
    sleep 1
  done
  body=$(health "$ready_port")
  log "$module READY in $((SECONDS - start)) s on port $ready_port: $(jq -c '{status, checks: [.checks[] | {name, status}]}' <<<"$body" 2>/dev/null || echo "$body")"
  # What the pod's securityContext promises, checked inside the running container.
  local uid
  uid=$(podman exec "$CONTAINER" id -u)
  [[ $uid == "$APP_UID" ]] || { podman_cleanup; die "the process runs as uid $uid, not $APP_UID"; }
  if podman exec "$CONTAINER" sh -c 'touch /deployments/probe || touch /probe' 2>/dev/null; then
    podman_cleanup; die "the root filesystem accepted a write"
  fi
  podman exec "$CONTAINER" sh -c 'touch /tmp/probe && rm /tmp/probe' || { podman_cleanup; die "/tmp is not writable"; }
  log "$module: uid $uid, root filesystem read-only, /tmp writable; image $(podman image inspect -f '{{.Size}}' "$id" | numfmt --to=iec) ($IMAGE_MANIFEST_DIGEST)"
  podman_cleanup
}

# How podman runs containers on this machine (see README "Images": what the sandbox refuses and why):
# - crun 1.8 refuses cgroups "hybrid mode" (v1 controllers + a cgroup2 mount, as here) even with --cgroups=disabled;
#   runc works there. IMAGE_RUNTIME overrides.
# - podman's default RLIMIT_NOFILE (1048576) and RLIMIT_NPROC exceed this machine's hard limits, and without
#   CAP_SYS_RESOURCE the runtime cannot raise them: ask for the hard nofile limit we have and 4096 processes.
PODMAN_RUN_OPTS=()
podman_options() {
  local runtime=${IMAGE_RUNTIME:-} nofile
  if [[ -z $runtime ]]; then
    if [[ -f /sys/fs/cgroup/cgroup.controllers ]]; then runtime=crun; else runtime=runc; fi
  fi
  need_packages "$runtime"
  nofile=$(ulimit -Hn)
  [[ $nofile == unlimited || $nofile -gt 1048576 ]] && nofile=1048576
  PODMAN_RUN_OPTS=(--runtime "$runtime" --ulimit "nofile=$nofile:$nofile" --ulimit nproc=4096:4096)
  log "podman run options: ${PODMAN_RUN_OPTS[*]}"
}

cmd_run_check() {
  local target=${1:-} build=true m
  [[ -n $target ]] || die "usage: $0 run-check <module>|all [--no-build]"
  [[ ${2:-} == --no-build ]] && build=false
  mapfile -t mods < <(resolve_modules "$target")
  ((EUID == 0)) || die "run-check needs root (podman's storage under /var/lib/containers)"
  need_packages podman jq curl
  podman_options
  if $build; then cmd_build "$target" --no-package; fi
  trap 'podman_cleanup; infra_down' EXIT
  infra_up
  for m in "${mods[@]}"; do run_check "$m"; done
}

case "${1:-}" in
  build) shift; cmd_build "$@" ;;
  run-check) shift; cmd_run_check "$@" ;;
  base) [[ ${2:-} == --refresh ]] && IMAGE_BASE_REFRESH=1; ensure_base >/dev/null ;;
  modules) modules ;;
  *) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
