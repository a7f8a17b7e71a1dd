#!/usr/bin/env bash
# Which modules a change touches, and every module that depends on them (the graph is read from the POMs).
#
#   scripts/changed-modules.sh <git-range> [--build] [extra Maven arguments]
#
#   <git-range>  anything `git diff --name-only` takes: origin/main...HEAD (a pull request), HEAD~1..HEAD (the last
#                commit), or a single ref such as main (that ref against the working tree, uncommitted changes included)
#   --build      build and test only those modules: scripts/test.sh -pl <modules> -am -amd (infrastructure, contract
#                gate and the rest of test.sh included). -am also builds the in-repo libraries they use, because a fresh
#                machine has no installed copy of them; -amd adds their dependents.
#
# Prints one module per line in reactor order (dependencies first); nothing when no module changed. A change to the
# parent pom.xml, .mvn/ or mvnw affects every module. Other top-level files (README, k8s/, scripts/, .ci/) belong to
# no module: they are reported on stderr, and the full `scripts/test.sh` stays the default CI command.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [[ $# -lt 1 || $1 == -h || $1 == --help ]]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
range=$1
shift
build=false
if [[ ${1:-} == --build ]]; then
  build=true
  shift
fi

# shellcheck source=lib/modulegraph.sh
source "$ROOT/scripts/lib/modulegraph.sh"

mapfile -t modules < <(graph modules | cut -d' ' -f1)
mapfile -t files < <(git diff --name-only "$range" --)

declare -A changed=()
outside=()
for f in "${files[@]}"; do
  [[ -z $f ]] && continue
  case $f in
    pom.xml | .mvn/* | mvnw | mvnw.cmd)
      for m in "${modules[@]}"; do changed[$m]=1; done
      continue ;;
  esac
  owner=""
  for m in "${modules[@]}"; do
    if [[ $f == "$m"/* ]]; then owner=$m; break; fi
  done
  if [[ -n $owner ]]; then changed[$owner]=1; else outside+=("$f"); fi
done

if ((${#outside[@]})); then
  more=$((${#outside[@]} > 8 ? ${#outside[@]} - 8 : 0))
  echo "[changed-modules] outside any module: ${outside[*]:0:8}$( ((more)) && echo " (and $more more)")" >&2
fi
if ((${#changed[@]} == 0)); then
  echo "[changed-modules] no module changed in $range" >&2
  if $build; then echo "[changed-modules] nothing to build" >&2; fi
  exit 0
fi

mapfile -t affected < <(graph dependents "${!changed[@]}")
echo "[changed-modules] changed: $(printf '%s\n' "${!changed[@]}" | sort | tr '\n' ' ')" >&2
printf '%s\n' "${affected[@]}"

if $build; then
  list=$(IFS=,; echo "${affected[*]}")
  echo "[changed-modules] scripts/test.sh -pl $list -am -amd $*" >&2
  exec "$ROOT/scripts/test.sh" -pl "$list" -am -amd "$@"
fi
