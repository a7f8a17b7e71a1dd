#!/usr/bin/env bash
# Release one module: its version, its tests, its contract baseline, one commit and one tag. Never touches another
# module's version.
#
#   scripts/release.sh [--dry-run] <module> <version>        e.g. scripts/release.sh catalog-service 0.2.0
#
# 1. checks: <version> is semantic (MAJOR.MINOR.PATCH) and newer than the module's version (or equal to it when the
#    pom was already bumped in the change and the tag does not exist yet); tag <module>-v<version> does not exist; the
#    working tree is clean
# 2. sets the module's own <version> (and, for a library, the parent's <module>.version property, the pointer the
#    other modules build against; for a service, its image tag in k8s/overlays/prod/images.yaml, which its
#    app.kubernetes.io/version label follows); nothing else
# 3. runs the module's tests: ./mvnw -pl <module> -am verify (through scripts/test.sh for a Quarkus service, which
#    starts the servers its tests need); for a library, also validates its dependents (each one's accepted range);
#    for a service, builds its OCI image (scripts/image.sh build) and runs it against the local servers until
#    /q/health/ready answers (scripts/image.sh run-check): <module>/target/image/<module>-<version>.oci.tar
# 4. records the module's contract baseline (shared-contracts: Java API and event schemas; a service: its OpenAPI
#    document) with scripts/contract-gate.sh --update, which refuses breaking changes without a major version
# 5. commits "release: <module> <version>" and tags <module>-v<version> (annotated). Pushing is left to you.
#
# --dry-run: runs the checks and prints the version change and the commands, changes nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

dry=false
if [[ ${1:-} == --dry-run ]]; then dry=true; shift; fi
if [[ $# -ne 2 ]]; then
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
module=$1 version=$2
tag="$module-v$version"
log() { echo "[release] $*" >&2; }
die() { echo "[release] ERROR: $*" >&2; exit 1; }
# shellcheck source=lib/modulegraph.sh
source "$ROOT/scripts/lib/modulegraph.sh"
# shellcheck source=lib/images.sh
source "$ROOT/scripts/lib/images.sh"
images_yaml=k8s/overlays/prod/images.yaml
run() { if $dry; then log "would run: $*"; else log "$*"; "$@"; fi; }

# ---- 1. checks
[[ $version =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] || die "'$version' is not MAJOR.MINOR.PATCH"
current=$(graph version "$module") || die "no module '$module'"
problems=()
if [[ $version == "$current" ]]; then
  log "$module is already at $version in the pom (bumped in the change); releasing it as is"
elif [[ $(printf '%s\n%s\n' "$current" "$version" | sort -V | tail -1) != "$version" ]]; then
  problems+=("$version is not newer than $module's current version $current")
fi
if git rev-parse -q --verify "refs/tags/$tag" >/dev/null; then problems+=("tag $tag already exists"); fi
if [[ -n $(git status --porcelain) ]]; then
  problems+=("the working tree is not clean (commit or stash first): $(git status --porcelain | wc -l) path(s)")
fi
if ((${#problems[@]})); then
  for p in "${problems[@]}"; do log "check failed: $p"; done
  $dry || die "not releasing"
fi

# semantic versioning: same key = compatible (1.x.y -> "1"; 0.x.y -> "0.x")
compat_key() { if [[ ${1%%.*} == 0 ]]; then echo "0.$(cut -d. -f2 <<<"$1")"; else echo "${1%%.*}"; fi; }
kind="compatible with $current"
if [[ $(compat_key "$current") != "$(compat_key "$version")" ]]; then
  kind="new major version: breaking changes allowed, dependents must accept it"
fi
log "$module $current -> $version ($kind), tag $tag"

# ---- 2. version
changed_files=("$module/pom.xml")
if grep -q "<$module.version>" pom.xml; then changed_files+=(pom.xml); fi
has_image=false
if image_modules "$images_yaml" | grep -qx -- "$module"; then has_image=true; changed_files+=("$images_yaml"); fi
tmp="" modified=false
restore() {
  log "restoring ${changed_files[*]} $module/contract-baseline"
  git checkout -- "${changed_files[@]}"
  git checkout -- "$module/contract-baseline" 2>/dev/null || rm -rf "$module/contract-baseline"
  git checkout -- gateway-service/contract-baseline/platform-openapi.json 2>/dev/null || true
}
cleanup() {
  local rc=$?
  [[ -n $tmp ]] && rm -rf "$tmp"
  if ((rc)) && $modified; then restore; fi
  exit $rc
}
trap cleanup EXIT
if $dry; then
  tmp=$(mktemp -d)
  while read -r m _; do mkdir -p "$tmp/$m" && cp "$m/pom.xml" "$tmp/$m/"; done < <(graph modules)
  cp pom.xml "$tmp/"
  modulegraph "$tmp" set-version "$module" "$version" >/dev/null
  if $has_image; then
    mkdir -p "$tmp/$(dirname "$images_yaml")" && cp "$images_yaml" "$tmp/$images_yaml"
    bump_image_tag "$tmp/$images_yaml" "$module" "$version"
  fi
  for f in "${changed_files[@]}"; do diff -u --label "a/$f" --label "b/$f" "$f" "$tmp/$f" || true; done
else
  modified=true
  graph set-version "$module" "$version" >/dev/null
  if $has_image; then bump_image_tag "$images_yaml" "$module" "$version"; fi
fi

# ---- 3. tests
if graph has-dependency "$module" quarkus-junit; then
  run scripts/test.sh -pl "$module" -am
else
  run ./mvnw -B -pl "$module" -am verify
fi
mapfile -t dependents < <(graph dependents "$module" | tail -n +2)
if ((${#dependents[@]})); then
  # the enforcer fails any dependent whose declared range does not accept the new version
  run ./mvnw -B -q -fae -pl "$module,$(IFS=,; echo "${dependents[*]}")" validate
fi

if $has_image; then
  # the tests above packaged the new version: the image is built from that package, then run as the cluster would
  run scripts/image.sh build "$module" --no-package
  run scripts/image.sh run-check "$module" --no-build
fi

# ---- 4. contract baseline
baseline=()
if [[ $module == shared-contracts ]]; then
  run scripts/contract-gate.sh --update --only contracts shared-contracts
  baseline=("$module/contract-baseline")
elif graph has-dependency "$module" quarkus-smallrye-openapi; then
  run scripts/contract-gate.sh --update --only openapi --no-build "$module"
  baseline=("$module/contract-baseline")
  # the merged document clients generate SDKs from follows the service's baseline
  platform_doc=gateway-service/contract-baseline/platform-openapi.json
  if [[ -f $platform_doc ]] && ! git diff --quiet -- "$platform_doc"; then baseline+=("$platform_doc"); fi
fi

# ---- 5. commit and tag
run git add -- "${changed_files[@]}" "${baseline[@]}"
run git commit -q -m "release: $module $version" -- "${changed_files[@]}" "${baseline[@]}"
run git tag -a "$tag" -m "$module $version"
modified=false
if $dry; then
  log "dry run: nothing changed"
  ((${#problems[@]} == 0)) || exit 1
else
  log "released $module $version as $(git rev-parse --short HEAD), tag $tag. Publish: git push origin HEAD $tag"
  if $has_image; then
    log "and the image: skopeo copy oci-archive:$module/target/image/$module-$version.oci.tar docker://$IMAGE_REGISTRY/$module:$version"
  fi
fi
