# Sourced by the release scripts. modulegraph ROOT COMMAND... runs scripts/lib/ModuleGraph.java (see its header),
# compiled once per version of its source; graph COMMAND... is the same for this checkout ($ROOT).
modulegraph() {
  local src dir
  src="$(dirname "${BASH_SOURCE[0]}")/ModuleGraph.java"
  dir="${TMPDIR:-/tmp}/modulegraph-$(cksum <"$src" | cut -d' ' -f1)"
  if [[ ! -f $dir/ModuleGraph.class ]]; then
    mkdir -p "$dir.$$"
    javac -d "$dir.$$" "$src"
    mv -T "$dir.$$" "$dir" 2>/dev/null || rm -rf "$dir.$$"
  fi
  java -cp "$dir" ModuleGraph "$@"
}
graph() { modulegraph "$ROOT" "$@"; }
