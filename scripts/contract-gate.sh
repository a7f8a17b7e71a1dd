#!/usr/bin/env bash
# The contract compatibility gate: compares the contracts in the code with the committed baselines of the last
# release and fails, naming each change, when one breaks a caller, a consumer or a client.
#
#   scripts/contract-gate.sh [--update] [--accept-breaking] [--no-build] [--only contracts|openapi] [module...]
#
#   contracts  shared-contracts: its public Java API (japicmp against contract-baseline/shared-contracts-<major>.jar,
#              the last release's classes), the values of its constants (contract-baseline/constants.txt) and the JSON
#              Schema of every event payload (contract-baseline/events/<type>.schema.json). Also runs in every Maven
#              build of shared-contracts (japicmp in verify, ContractGateTest for the rest).
#   openapi    each Quarkus service with quarkus-smallrye-openapi: target/openapi/openapi.json (written by every build,
#              see the root pom) against <service>/contract-baseline/openapi.json. --update also re-records the
#              merged document gateway-service/contract-baseline/platform-openapi.json (the SDK source).
#   --update   record the current contracts as the baseline (scripts/release.sh does it for the module it releases);
#              refuses breaking changes unless --accept-breaking (only for a contract that was never released)
#   --no-build use what target/ holds (scripts/test.sh and release.sh, right after their build); a service without
#              an OpenAPI document is skipped. Without it the services are built (-DskipTests) first.
#   module...  only these modules (default: all)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

mode=check accept="" build=true only=all
selected=()
while (($#)); do
  case $1 in
    --update) mode=update ;;
    --accept-breaking) accept=--accept-breaking ;;
    --no-build) build=false ;;
    --only) only=$2; shift ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) selected+=("$1") ;;
  esac
  shift
done

# shellcheck source=lib/modulegraph.sh
source "$ROOT/scripts/lib/modulegraph.sh"
wanted() { ((${#selected[@]} == 0)) || [[ " ${selected[*]} " == *" $1 "* ]]; }
log() { echo "[contract-gate] $*" >&2; }

SC=shared-contracts
CP_FILE=$SC/target/contract-gate.classpath
# The gate's own classes live in shared-contracts' tests; its classpath is theirs minus the contracts themselves,
# which the gate loads from the directory it checks. The jar is what japicmp compares.
if $build || [[ ! -f $CP_FILE || ! -d $SC/target/test-classes || ! -f $SC/target/$SC-$(graph version $SC).jar ]]; then
  ./mvnw -B -q -pl $SC package -DskipTests \
    org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/contract-gate.classpath
fi
gate() { java -cp "$SC/target/test-classes:$(cat "$CP_FILE")" io.scalableapi.contracts.gate.ContractGate "$@"; }
# japicmp as shared-contracts' pom configures it (execution java-api), on the jar target/ holds.
java_api() {
  ./mvnw -B -q -pl $SC org.codehaus.mojo:build-helper-maven-plugin:3.6.0:parse-version@major-version \
    com.github.siom79.japicmp:japicmp-maven-plugin:0.27.0:cmp@java-api
}

failed=0
if [[ $only != openapi ]] && wanted $SC; then
  # --accept-breaking records a contract that was never released, whatever japicmp says
  if [[ -z $accept ]]; then
    java_api || { log "BREAKING java-api: see japicmp's report above (and $SC/target/japicmp/java-api.diff)"; failed=1; }
  fi
  if [[ $mode == update ]] && ((failed)); then
    log "refusing to record a baseline with breaking changes (--accept-breaking records it anyway, for a contract that was never released)"
  else
    gate contracts "$mode" "$SC/target/classes" "$SC/contract-baseline" "$(graph version $SC)" $accept || failed=1
  fi
fi

if [[ $only != contracts ]]; then
  services=()
  while read -r m _; do
    if wanted "$m" && graph has-dependency "$m" quarkus-smallrye-openapi; then services+=("$m"); fi
  done < <(graph modules)
  if $build && ((${#services[@]})); then
    # a fresh document from the code as it is now, never a stale one from an earlier build
    list=$(IFS=,; echo "${services[*]}")
    log "building $list (-DskipTests) to get the OpenAPI documents"
    ./mvnw -B -q -pl "$list" -am package -DskipTests
  fi
  for m in "${services[@]}"; do
    doc=$m/target/openapi/openapi.json
    if [[ ! -f $doc ]]; then
      log "$m: no $doc (not built in this run), skipped"
      continue
    fi
    gate openapi "$mode" "$m" "$doc" "$m/contract-baseline" "$(graph version "$m")" $accept || failed=1
    recorded=true
  done
  # The merged document clients generate SDKs from is the merge of the services' baselines (OpenApiMerger, the route
  # table): re-record it with them. gateway-service's PlatformDocumentTest fails any build where it is not that merge.
  if [[ $mode == update && ${recorded:-false} == true ]] && ((failed == 0)) && [[ -d gateway-service ]]; then
    log "recording gateway-service/contract-baseline/platform-openapi.json (merge of the services' baselines)"
    ./mvnw -B -q -pl gateway-service -am test -Dtest=PlatformDocumentTest -Dsurefire.failIfNoSpecifiedTests=false \
      -Dplatform-document.update || failed=1
  fi
fi

if ((failed)); then
  log "FAILED: breaking contract changes above. How to change a contract safely: RELEASING.md"
  exit 1
fi
log "passed ($mode)"
