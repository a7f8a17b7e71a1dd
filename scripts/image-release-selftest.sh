#!/usr/bin/env bash
# Self-test of the release's image step (issue 16): the release of one module bumps exactly its image tag in
# k8s/overlays/prod/images.yaml, and in the rendered prod overlay exactly that module's Deployment image and its
# app.kubernetes.io/version labels change. On a scratch copy of the working tree:
#   1. scripts/release.sh --dry-run <module> <new version> prints a diff of images.yaml that changes one line, that
#      module's newTag, and would build and run-check that module's image;
#   2. for each service: the bump applied, the prod overlay rendered before and after with kubectl kustomize; every
#      changed line of the render must be the module's image or its version label, and the module's Deployment, pods
#      and other objects must carry the new version; the other services' must not change;
#   3. mutations prove the checks bite: a bump that rewrites every newTag, and images.yaml without the label
#      ReplacementTransformer (the version label stays behind), must each fail case 2.
# Cheap (no Maven build, no image build): a few seconds per render.
#
#   scripts/image-release-selftest.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=lib/images.sh
source "$ROOT/scripts/lib/images.sh"

# kubectl: the one k8s-check pins (installed by scripts/k8s-check.sh into .local/k8s-tools), else the PATH's.
KUBECTL=${K8S_CHECK_KUBECTL:-$ROOT/.local/k8s-tools/bin/kubectl}
[[ -x $KUBECTL ]] || KUBECTL=$(command -v kubectl || true)
[[ -n $KUBECTL ]] || { echo "[selftest] no kubectl: run scripts/k8s-check.sh once (it installs the pinned one)" >&2; exit 1; }

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/image-release-selftest.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "[selftest] PASS $*" >&2; }
ko() { failed=$((failed + 1)); echo "[selftest] FAIL $*" >&2; }

REPO=$SCRATCH/repo
mkdir -p "$REPO"
git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$REPO"
(cd "$REPO" && git init -q && git add -A && git -c user.name=selftest -c user.email=selftest@localhost commit -q -m scratch)
YAML=k8s/overlays/prod/images.yaml
mapfile -t MODULES < <(image_modules "$YAML")
((${#MODULES[@]} >= 4)) || { echo "[selftest] images.yaml names ${#MODULES[@]} images, expected the four services" >&2; exit 1; }

next_minor() { local v=$1; echo "${v%%.*}.$(($(cut -d. -f2 <<<"$v") + 1)).0"; }

# ---- 1. release.sh --dry-run: the diff and the image commands
m=${MODULES[1]}
cur=$(image_tag "$YAML" "$m") new=$(next_minor "$(sed -n '/<\/parent>/,$ s|^  <version>\([^<]*\)</version>.*|\1|p' "$m/pom.xml" | head -1)")
if out=$(cd "$REPO" && scripts/release.sh --dry-run "$m" "$new" 2>&1); then
  yaml_diff=$(awk -v f="b/$YAML" '/^\+\+\+ / { on = ($2 == f) } on' <<<"$out" | grep -E '^[-+] ' || true)
  want=$(printf -- '-  newTag: %s\n+  newTag: %s' "$cur" "$new")
  if [[ $yaml_diff == "$want" ]]; then ok "release --dry-run $m $new: images.yaml changes exactly $m's newTag ($cur -> $new)"
  else ko "release --dry-run $m $new: images.yaml diff is not exactly $m's newTag:"; echo "$yaml_diff" >&2; fi
  if grep -qF "would run: scripts/image.sh build $m --no-package" <<<"$out" \
    && grep -qF "would run: scripts/image.sh run-check $m --no-build" <<<"$out"; then
    ok "release --dry-run $m: builds and run-checks $m's image"
  else ko "release --dry-run $m: no image build/run-check of $m:"; echo "$out" >&2; fi
else
  ko "release --dry-run $m $new failed:"; echo "$out" >&2
fi
if out=$(cd "$REPO" && scripts/release.sh --dry-run shared-contracts 1.1.0 2>&1) && ! grep -q "$YAML\|image.sh" <<<"$out"; then
  ok "release --dry-run of a library touches no image"
else ko "release --dry-run shared-contracts: touches images or failed:"; echo "$out" >&2; fi

# ---- 2. the rendered overlay after the bump
render() { "$KUBECTL" kustomize "$1/k8s/overlays/prod"; }
# One line per (kind, name, field) that carries a version: image, metadata label, pod template label; owner= the
# object's app.kubernetes.io/name (platform-wide objects such as the NetworkPolicies have none).
versions() { # rendered yaml on stdin
  awk '
    function flush(  i) { for (i = 1; i <= n; i++) print kind "/" name " " out[i] " owner=" owner; n = 0; kind = name = owner = ""; tmpl = 0 }
    /^---/ { flush(); next }
    /^kind:/ { kind = $2 }
    /^  name:/ { name = $2 }
    /^  template:/ { tmpl = 1 }
    /^    app.kubernetes.io\/name:/ { owner = $2 }
    $1 == "app.kubernetes.io/version:" { out[++n] = (tmpl ? "template-label " : "label ") $2 }
    $1 == "image:" || ($1 == "-" && $2 == "image:") { out[++n] = "image " $NF }
    END { flush() }'
}
check_bump() { # dir-with-bump-applied module version base-render -> 0 when only the module's versions changed
  local dir=$1 mod=$2 ver=$3 before=$4 after changed unexpected
  after=$(render "$dir") || { echo "render failed" >&2; return 1; }
  changed=$(diff <(versions <<<"$before") <(versions <<<"$after") | grep '^>' | sed 's/^> //' || true)
  unexpected=$(diff <(echo "$before") <(echo "$after") | grep '^[<>]' \
    | grep -vE "^[<>] *(- )?image: $IMAGE_REGISTRY/$mod:|^[<>] *app.kubernetes.io/version: " || true)
  [[ -z $unexpected ]] || { echo "lines other than $mod's image and version labels changed:"; echo "$unexpected"; return 1; }
  grep -q "^Deployment/$mod image $IMAGE_REGISTRY/$mod:$ver " <<<"$changed" || { echo "Deployment/$mod image is not :$ver"; return 1; }
  grep -q "^Deployment/$mod template-label $ver " <<<"$changed" || { echo "$mod's pods are not labelled $ver"; return 1; }
  grep -q "^Deployment/$mod label $ver " <<<"$changed" || { echo "Deployment/$mod is not labelled $ver"; return 1; }
  grep -q "^Service/$mod label $ver " <<<"$changed" || { echo "Service/$mod is not labelled $ver"; return 1; }
  local other
  other=$(grep -v " owner=$mod\$" <<<"$changed" || true)
  [[ -z $other ]] || { echo "other objects changed version:"; echo "$other"; return 1; }
  # Every object of the module that had a version label now has the new one.
  local stale
  stale=$(versions <<<"$after" | grep -E " (label|template-label) [^ ]+ owner=$mod\$" | grep -v " $ver owner=" || true)
  [[ -z $stale ]] || { echo "objects of $mod still labelled with the old version:"; echo "$stale"; return 1; }
}
BEFORE=$(render "$REPO") || { echo "[selftest] cannot render the prod overlay" >&2; exit 1; }
for m in "${MODULES[@]}"; do
  cp "$REPO/$YAML" "$SCRATCH/images.yaml.orig"
  bump_image_tag "$REPO/$YAML" "$m" 9.8.7
  if why=$(check_bump "$REPO" "$m" 9.8.7 "$BEFORE" 2>&1); then
    ok "bump $m to 9.8.7: only $m's image and version labels change in the rendered prod overlay"
  else ko "bump $m to 9.8.7: $why"; fi
  cp "$SCRATCH/images.yaml.orig" "$REPO/$YAML"
done

# ---- 3. the checks bite
m=${MODULES[0]}
sed -i 's/newTag: .*/newTag: 9.8.7/' "$REPO/$YAML"
if why=$(check_bump "$REPO" "$m" 9.8.7 "$BEFORE" 2>&1); then ko "mutation 'bump every newTag' passed the check"
else ok "mutation 'bump every newTag' caught: $(head -1 <<<"$why")"; fi
cp "$SCRATCH/images.yaml.orig" "$REPO/$YAML"
# images.yaml without its last document (the ReplacementTransformer)
python3 - "$REPO/$YAML" <<'PY'
import sys
p = sys.argv[1]; docs = open(p).read().split("\n---\n")
open(p, "w").write("\n---\n".join(d for d in docs if "kind: ReplacementTransformer" not in d) + "\n")
PY
bump_image_tag "$REPO/$YAML" "$m" 9.8.7
if why=$(check_bump "$REPO" "$m" 9.8.7 "$BEFORE" 2>&1); then ko "mutation 'no label replacement' passed the check"
else ok "mutation 'no label replacement' caught: $(head -1 <<<"$why")"; fi
cp "$SCRATCH/images.yaml.orig" "$REPO/$YAML"

echo "[selftest] image release: $passed passed, $failed failed" >&2
((failed == 0))
