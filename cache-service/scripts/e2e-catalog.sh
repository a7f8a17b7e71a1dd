#!/usr/bin/env bash
# End to end with catalog-service: update a product through the catalog API, wait until cache-service has applied the
# product.updated event, then read the product repeatedly: every read must return the new version and its ETag.
#
# Needs catalog-service and cache-service running against the local servers (scripts/run.sh, or their jars with
# -Dquarkus.profile=local). Prints the figures it measured; exits non-zero on a stale read or a timeout.
#   CATALOG_URL (default http://127.0.0.1:8081)  CACHE_URL (default http://127.0.0.1:8083)  READS (default 50)
set -euo pipefail

CATALOG=${CATALOG_URL:-http://127.0.0.1:8081}
CACHE=${CACHE_URL:-http://127.0.0.1:8083}
CACHE_MANAGEMENT=${CACHE_MANAGEMENT_URL:-http://127.0.0.1:9003}   # /q/metrics is on the management interface
READS=${READS:-50}
ISPN=http://127.0.0.1:11222/rest/v2/caches
ISPN_AUTH=(--digest -u platform:platform-dev-only)

die() { echo "FAIL: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }

token=$(curl -fs -d grant_type=password -d client_id=platform-cli -d username=admin -d password=admin-dev-password \
  http://127.0.0.1:8180/realms/platform/protocol/openid-connect/token | jq -r .access_token)
auth=(-H "Authorization: Bearer $token")
run=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')

category=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: e2e-cat-$run" \
  -d "{\"name\":\"e2e-$run\",\"description\":\"cache-service e2e\"}" "$CATALOG/api/v1/categories" | jq -r .id)
product_body() { # name
  printf '{"sku":"E2E-%s","name":"%s","description":"e2e","price":10.00,"currency":"EUR","stockQuantity":1,"categoryId":"%s","status":"ACTIVE","attributes":{}}' \
    "$run" "$1" "$category"
}
created=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: e2e-prod-$run" \
  -d "$(product_body before)" "$CATALOG/api/v1/products")
id=$(jq -r .id <<<"$created")
echo "product $id created at version $(jq -r .version <<<"$created")"

# A read puts version 1 into catalog-products.
etag_before=$(curl -fs -D - -o /dev/null "$CATALOG/api/v1/products/$id" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
cached=$(curl -fs "${ISPN_AUTH[@]}" "$ISPN/catalog-products/$id" | jq -r .version)
echo "read before the update: ETag $etag_before, Infinispan holds version $cached"

applied_before=$(curl -fs "$CACHE_MANAGEMENT/q/metrics" | awk '/^cache_events_total\{.*outcome="applied"/{s+=$2} END{print s+0}')
t0=$(now_ms)
updated=$(curl -fs "${auth[@]}" -H 'Content-Type: application/json' -H "If-Match: $etag_before" -X PUT \
  -d "$(product_body after)" "$CATALOG/api/v1/products/$id")
new_version=$(jq -r .version <<<"$updated")
echo "updated through the catalog to version $new_version"

# The invalidation is complete when cache-service has recorded the update event for this product as applied or
# stale (catalog's own write-through may have stored the new version first).
for _ in $(seq 1 60); do
  outcome=$(psql -h 127.0.0.1 -U cache -d cache -tA -c \
    "select outcome from processed_event where aggregate = 'product:$id' and version = $new_version and outcome <> 'PENDING' limit 1" 2>/dev/null || true)
  [[ -n $outcome ]] && break
  sleep 0.5
done
[[ -n $outcome ]] || die "cache-service did not apply the update event of $id within 30 s"
t1=$(now_ms)
echo "cache-service processed the update event ($outcome) $((t1 - t0)) ms after the PUT returned"

stale=0
for i in $(seq 1 "$READS"); do
  response=$(curl -fs -D /tmp/e2e-headers.$$ "$CATALOG/api/v1/products/$id")
  etag=$(tr -d '\r' </tmp/e2e-headers.$$ | awk -F': ' 'tolower($1)=="etag"{print $2}')
  version=$(jq -r .version <<<"$response")
  name=$(jq -r .name <<<"$response")
  if [[ $version != "$new_version" || $etag != "\"$new_version\"" || $name != after ]]; then
    stale=$((stale + 1)); echo "stale read $i: version $version, ETag $etag, name $name" >&2
  fi
done
rm -f /tmp/e2e-headers.$$
cached=$(curl -fs "${ISPN_AUTH[@]}" "$ISPN/catalog-products/$id" | jq -r '.version // "absent"' 2>/dev/null || echo absent)
applied_after=$(curl -fs "$CACHE_MANAGEMENT/q/metrics" | awk '/^cache_events_total\{.*outcome="applied"/{s+=$2} END{print s+0}')
echo "after: $READS reads, $stale stale; ETag before $etag_before, after \"$new_version\"; Infinispan holds $cached;" \
  "cache-service applied events $applied_before -> $applied_after"
(( stale == 0 )) || die "$stale stale reads"
[[ $etag_before != "\"$new_version\"" ]] || die "the ETag did not change"
echo "PASS"
