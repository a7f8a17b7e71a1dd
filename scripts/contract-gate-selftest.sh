#!/usr/bin/env bash
# Self-test of the contract gate, run by scripts/test.sh (so by CI): on a scratch copy of the repository it makes
# breaking changes (removes a field from an event record, changes a constant's value, changes a field's type, adds a
# required field, removes an endpoint from an OpenAPI document, changes an operationId, drops a response header or
# body schema, removes or retypes a field of an error body, removes a public method of shared-contracts) and asserts
# that the gate fails naming each one, and that compatible changes (an optional field, a new method, a new endpoint,
# a new operationId) pass. The last cases run the real Maven build of shared-contracts on the scratch copy: japicmp
# (the Java API) passes a new method, fails a removed one, and allows it in a new major version; and the build fails
# on a removed event field (ContractGateTest).
#
#   scripts/contract-gate-selftest.sh [--no-maven]     --no-maven: skip the (slower) Maven build cases
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
maven=true
# shellcheck source=lib/modulegraph.sh
source "$ROOT/scripts/lib/modulegraph.sh"
[[ ${1:-} == --no-maven ]] && maven=false

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/contract-gate-selftest.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "[selftest] PASS $*" >&2; }
ko() { failed=$((failed + 1)); echo "[selftest] FAIL $*" >&2; }

# The gate's classes and classpath from this checkout (shared-contracts' test classes).
SC=shared-contracts
./mvnw -B -q -pl $SC test-compile org.apache.maven.plugins:maven-dependency-plugin:3.9.0:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile=target/contract-gate.classpath
DEPS=$(cat $SC/target/contract-gate.classpath)
gate() { java -cp "$ROOT/$SC/target/test-classes:$DEPS" io.scalableapi.contracts.gate.ContractGate "$@"; }

# Scratch copy of the working tree (tracked and untracked files, nothing ignored).
REPO=$SCRATCH/repo
mkdir -p "$REPO"
git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -xf - -C "$REPO"
SRC=$REPO/$SC/src/main/java/io/scalableapi/contracts
BASE=$REPO/$SC/contract-baseline
CLASSES=$SCRATCH/classes

# A probe event and a probe API class, so the cases do not depend on how the real contracts evolve.
mkdir -p "$SRC/selftest"
probe_event() {
  cat >"$SRC/selftest/ProbeEventV1.java" <<JAVA
package io.scalableapi.contracts.selftest;
public record ProbeEventV1($1) {
$2
}
JAVA
}
probe_api() { # body [constant value]
  cat >"$SRC/selftest/ProbeApi.java" <<JAVA
package io.scalableapi.contracts.selftest;
public final class ProbeApi {
    public static final String NAME = "${2:-probe}";
    public static String describe(Object o) { return String.valueOf(o); }
$1
    private ProbeApi() { }
}
JAVA
}
probe_event "java.util.UUID id, String name, long version" ""
probe_api "    public static int size() { return 1; }"
registry=$SRC/samples/SampleEvents.java
sed -i 's|^\(\s*\)return Collections.unmodifiableMap(m);|\1m.put("io.scalableapi.selftest.probe.v1", io.scalableapi.contracts.selftest.ProbeEventV1.class);\n&|' "$registry"
grep -q 'selftest.probe.v1' "$registry" || { echo "[selftest] cannot register the probe event in $registry" >&2; exit 1; }

compile() {
  rm -rf "$CLASSES" && mkdir -p "$CLASSES"
  find "$REPO/$SC/src/main/java" -name '*.java' >"$SCRATCH/sources"
  javac -nowarn -parameters --release 17 -proc:none -d "$CLASSES" -cp "$DEPS" @"$SCRATCH/sources"
}
check_contracts() { compile && gate contracts check "$CLASSES" "$BASE" "${1:-1.0.0}"; }

expect_pass() { # name command...
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then ok "$name"; else ko "$name: the gate failed:"; echo "$out" >&2; fi
}
expect_break() { # name expected-text command...
  local name=$1 want=$2 out
  shift 2
  if out=$("$@" 2>&1); then
    ko "$name: the gate passed, a failure was expected"
  elif grep -qF -- "$want" <<<"$out"; then
    ok "$name"; grep -F -- "$want" <<<"$out" | sed 's/^/           /' >&2
  else
    ko "$name: the gate failed without naming '$want':"; echo "$out" >&2
  fi
}

echo "[selftest] scratch copy in $REPO; recording a baseline of its contracts (version 1.0.0)" >&2
compile
gate contracts update "$CLASSES" "$BASE" 1.0.0 --accept-breaking >/dev/null

expect_pass "unchanged contracts pass" check_contracts

probe_event "java.util.UUID id, String name, long version, String note" \
  "    public ProbeEventV1(java.util.UUID id, String name, long version) { this(id, name, version, null); }"
probe_api "    public static int size() { return 1; }
    public static int count() { return 2; }"
expect_pass "compatible change passes: optional event field (old constructor kept), new public method" check_contracts

probe_event "java.util.UUID id, long version" ""
probe_api "    public static int size() { return 1; }"
expect_break "event field removed" "event io.scalableapi.selftest.probe.v1.name: field removed" check_contracts

probe_event "java.util.UUID id, String name, long version" ""
probe_api "    public static int size() { return 1; }" renamed
expect_break "constant value changed" \
  'constant value changed: io.scalableapi.contracts.selftest.ProbeApi.NAME: was "probe", now "renamed"' check_contracts
expect_pass "constant value changed with a major version bump (2.0.0) is allowed" check_contracts 2.0.0
probe_api "    public static int size() { return 1; }"

probe_event "java.util.UUID id, String name, int version" ""
probe_api "    public static int size() { return 1; }"
expect_break "event field type narrowed (long -> int)" "event io.scalableapi.selftest.probe.v1.version: format changed from int64 to int32" \
  check_contracts

probe_event "java.util.UUID id, String name, long version, int priority" \
  "    public ProbeEventV1(java.util.UUID id, String name, long version) { this(id, name, version, 0); }"
expect_break "new required event field" "event io.scalableapi.selftest.probe.v1.priority: new required field" check_contracts

probe_event "java.util.UUID id, String name, long version" ""

# ---- OpenAPI: a small document, then the real baselines of the services when they exist
OA=$SCRATCH/openapi
mkdir -p "$OA/base"
cat >"$OA/v1.json" <<'JSON'
{ "openapi": "3.1.0",
  "paths": {
    "/api/v1/things": {
      "get": { "operationId": "listThings", "parameters": [ { "name": "limit", "in": "query", "schema": { "type": "integer" } } ],
               "responses": { "200": { "headers": { "ETag": { "schema": { "type": "string" } } },
                                       "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } },
                              "404": { "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } } } } },
      "post": { "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/NewThing" } } } },
                "responses": { "201": { "description": "created" } } } },
    "/api/v1/things/{id}": {
      "delete": { "parameters": [ { "name": "id", "in": "path", "required": true, "schema": { "type": "string" } } ],
                  "responses": { "204": { "description": "deleted" } } } } },
  "components": { "schemas": {
    "Thing": { "type": "object", "properties": { "id": { "type": "string", "format": "uuid" }, "name": { "type": "string" } } },
    "Problem": { "type": "object", "properties": { "status": { "type": "integer", "format": "int32" }, "detail": { "type": "string" } } },
    "NewThing": { "type": "object", "required": [ "name" ], "properties": { "name": { "type": "string", "maxLength": 100 } } } } } }
JSON
gate openapi update demo-service "$OA/v1.json" "$OA/base" 0.1.0 >/dev/null
variant() { sed "$1" "$OA/v1.json" >"$OA/changed.json"; gate openapi check demo-service "$OA/changed.json" "$OA/base" "${2:-0.1.0}"; }
expect_pass "OpenAPI unchanged passes" variant 's/x/x/'
expect_pass "OpenAPI new endpoint and new optional response field pass" \
  variant 's|"/api/v1/things": {|"/api/v1/gadgets": { "get": { "responses": { "200": { "description": "ok" } } } }, &|; s|"name": { "type": "string" } } },|"name": { "type": "string" }, "colour": { "type": "string" } } },|'
expect_break "OpenAPI endpoint removed" "endpoint removed: DELETE /api/v1/things/{id}" variant 's|"delete":|"x-retired":|'
expect_break "OpenAPI response field removed" "GET /api/v1/things response 200.name: field removed" \
  variant 's|"name": { "type": "string" } } },|"title": { "type": "string" } } },|'
expect_break "OpenAPI new required query parameter" "GET /api/v1/things: new required parameter query 'sort'" \
  variant 's|"schema": { "type": "integer" } }|&, { "name": "sort", "in": "query", "required": true, "schema": { "type": "string" } }|'
expect_break "OpenAPI request field narrowed" "POST /api/v1/things request body.name: maxLength narrowed from 100 to 50" \
  variant 's|"maxLength": 100|"maxLength": 50|'
expect_break "OpenAPI operationId changed (generated clients' method name)" \
  "GET /api/v1/things: operationId changed from 'listThings' to 'getThings'" variant 's|"listThings"|"getThings"|'
expect_break "OpenAPI success response header removed" "GET /api/v1/things: response 200 header ETag removed" \
  variant 's|"headers": { "ETag": { "schema": { "type": "string" } } },||'
expect_break "OpenAPI success response body schema dropped" \
  "GET /api/v1/things: response 200 application/json no longer declares its body schema" \
  variant 's|{ "schema": { "$ref": "#/components/schemas/Thing" } }|{ }|'
expect_break "OpenAPI error (problem) field removed" "GET /api/v1/things response 404.detail: field removed" \
  variant 's|, "detail": { "type": "string" } } },| } },|'
expect_break "OpenAPI error (problem) field type changed" "GET /api/v1/things response 404.status: type changed from integer to string" \
  variant 's|"status": { "type": "integer", "format": "int32" }|"status": { "type": "string" }|'
expect_pass "OpenAPI new operationId, response header and typed body where there were none pass" \
  variant 's|"post": {|"post": { "operationId": "createThing",|; s|"201": { "description": "created" }|"201": { "description": "created", "headers": { "Location": { "schema": { "type": "string" } } }, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Thing" } } } }|'
expect_pass "OpenAPI request field widened passes" variant 's|"maxLength": 100|"maxLength": 200|'
expect_pass "OpenAPI endpoint removed with a new major version (0.1.0 -> 0.2.0) is allowed" \
  variant 's|"delete":|"x-retired":|' 0.2.0

while read -r m _; do
  base=$ROOT/$m/contract-baseline
  [[ -f $base/openapi.json ]] || continue
  if ! command -v jq >/dev/null; then echo "[selftest] no jq: real OpenAPI baseline cases skipped" >&2; break; fi
  first=$(jq -r '.paths | keys[0] // empty' "$base/openapi.json")
  [[ -n $first ]] || continue
  method=$(jq -r --arg p "$first" '.paths[$p] | keys[] | select(test("^(get|put|post|delete|patch)$"))' "$base/openapi.json" | head -1)
  [[ -n $method ]] || continue
  jq --arg p "$first" 'del(.paths[$p])' "$base/openapi.json" >"$OA/$m.json"
  expect_break "$m: endpoint removed from a copy of its OpenAPI baseline" \
    "endpoint removed: ${method^^} $first" \
    gate openapi check "$m" "$OA/$m.json" "$base" "$(graph version "$m")"
done < <(graph modules)

# ---- the real build of shared-contracts on the scratch copy: japicmp against the jar recorded above, then the events
if $maven; then
  build_contracts() { (cd "$REPO" && ./mvnw -B -q -pl $SC verify "$@"); }
  probe_api "    public static int size() { return 1; }
    public static int count() { return 2; }"
  expect_pass "Maven build (japicmp) passes a new public method" build_contracts -DskipTests
  probe_api ""
  expect_break "Maven build fails (japicmp): public method removed" \
    "io.scalableapi.contracts.selftest.ProbeApi.size():METHOD_REMOVED" build_contracts -DskipTests
  pom=$REPO/$SC/pom.xml
  sed -i '/<artifactId>shared-contracts<\/artifactId>/{n;s|<version>1.0.0</version>|<version>2.0.0</version>|}' "$pom"
  grep -q '<version>2.0.0</version>' "$pom" || { echo "[selftest] cannot bump the version in $pom" >&2; exit 1; }
  expect_pass "Maven build (japicmp) allows a removed method in a new major version (2.0.0)" build_contracts -DskipTests
  sed -i 's|<version>2.0.0</version>|<version>1.0.0</version>|' "$pom"
  probe_api "    public static int size() { return 1; }"
  probe_event "java.util.UUID id, long version" ""
  expect_break "Maven build of shared-contracts fails (ContractGateTest)" \
    "event io.scalableapi.selftest.probe.v1.name: field removed" \
    bash -c "cd '$REPO' && ./mvnw -B -q -pl $SC verify -Dsurefire.printSummary=false"
fi

echo "contract-gate-selftest: $passed passed, $failed failed"
((failed == 0))
