// Manifest check for k8s/ (issue 7). Run through scripts/k8s-check.sh, which installs the pinned tools first.
//
//   1. render   every kustomization under k8s/ (base and each overlay) with the pinned kubectl (kustomize v5.7.1)
//   2. schema   every built-in object against the Kubernetes 1.36 schemas (kubernetes-models), and unknown fields
//               against the @kubernetes/client-node model field lists
//   3. crd      every operator resource against its CRD's openAPIV3Schema (../shared/k8s-schemas), made strict:
//               unknown fields are errors
//   4. rules    semantic checks no schema does (selectors, HPA targets, probes, security, NetworkPolicy, ...)
//   5. self-test every rule is proven to bite: each mutation of the rendered output must make the check fail
//
// Environment: K8S_CHECK_TOOLS (folder with node_modules), K8S_CHECK_KUBECTL (kubectl binary),
//              K8S_SCHEMAS_DIR (optional; default <repo>/../shared/k8s-schemas).
// Options: --no-self-test, --write-generated (regenerates the KeycloakRealmImport from the dev realm and the Cache
//          resources from shared-contracts' platform-caches.json), --verbose, --force-self-test (self-test even after failures)

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { metricNames, dashboardExprs, recordedNames } from "../monitoring/promql.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const tools = process.env.K8S_CHECK_TOOLS || path.join(repo, ".local", "k8s-tools");
const kubectl = process.env.K8S_CHECK_KUBECTL || path.join(tools, "bin", "kubectl");
// A clone kept elsewhere than beside shared/ (a CI workspace, /tmp) still finds this environment's schemas.
const schemasDir = process.env.K8S_SCHEMAS_DIR
  || [path.resolve(repo, "..", "shared", "k8s-schemas"), "/work/shared/k8s-schemas"].find((d) => fs.existsSync(d))
  || path.resolve(repo, "..", "shared", "k8s-schemas");
const args = new Set(process.argv.slice(2));
const verbose = args.has("--verbose");

const requireTool = createRequire(path.join(tools, "package.json"));
const YAML = requireTool("yaml");
const Ajv = requireTool("ajv").default;
const addFormats = requireTool("ajv-formats").default;
const models = await import(pathToFileURL(path.join(tools, "node_modules/@kubernetes/client-node/dist/gen/models/all.js")).href);

// ---------------------------------------------------------------------------------------------------------------
// Facts the manifests must match (decided in the issue and the services' application.properties).
const SERVICES = {
  "gateway-service": {
    config: ["INFINISPAN_HOSTS", "OIDC_AUTH_SERVER_URL", "GATEWAY_UPSTREAMS_CATALOG_URLS", "GATEWAY_UPSTREAMS_USER_URLS", "GATEWAY_UPSTREAMS_CACHE_URLS"],
    upstreams: { GATEWAY_UPSTREAMS_CATALOG_URLS: "catalog-service", GATEWAY_UPSTREAMS_USER_URLS: "user-service", GATEWAY_UPSTREAMS_CACHE_URLS: "cache-service" },
    // No OIDC client secret: the gateway only verifies tokens (JWKS). Given one without a client id, quarkus-oidc
    // fails the start (found by the production-parity run, scripts/parity.sh).
    secrets: ["INFINISPAN_USERNAME", "INFINISPAN_PASSWORD"],
  },
  "catalog-service": {
    config: ["DB_HOST", "DB_READ_HOST", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_USERNAME", "INFINISPAN_HOSTS", "OIDC_AUTH_SERVER_URL"],
    secrets: ["DB_USERNAME", "DB_PASSWORD", "KAFKA_PASSWORD", "INFINISPAN_USERNAME", "INFINISPAN_PASSWORD", "CATALOG_CURSOR_SECRET"],
  },
  "user-service": {
    config: ["DB_HOST", "DB_READ_HOST", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_USERNAME", "INFINISPAN_HOSTS", "OIDC_AUTH_SERVER_URL"],
    secrets: ["DB_USERNAME", "DB_PASSWORD", "KAFKA_PASSWORD", "INFINISPAN_USERNAME", "INFINISPAN_PASSWORD", "QUARKUS_KEYCLOAK_ADMIN_CLIENT_CLIENT_SECRET"],
  },
  "cache-service": {
    config: ["DB_HOST", "KAFKA_BOOTSTRAP_SERVERS", "KAFKA_USERNAME", "INFINISPAN_HOSTS", "OIDC_AUTH_SERVER_URL"],
    secrets: ["DB_USERNAME", "DB_PASSWORD", "KAFKA_PASSWORD", "INFINISPAN_USERNAME", "INFINISPAN_PASSWORD"],
  },
};
const PUBLIC_SERVICE = "gateway-service";
const HTTP_PORT = 8080;
const PROBE_PATHS = { startupProbe: "/q/health/started", readinessProbe: "/q/health/ready", livenessProbe: "/q/health/live" };
const APP_SHUTDOWN_TIMEOUT_S = 25; // quarkus.shutdown.timeout
const IMAGE_REPO = "ghcr.io/scalableapi";
const CACHES = ["catalog-products", "catalog-product-lists", "user-profiles", "gateway-rate-limits", "platform-read-pins"];
const CONSUMERS = { "cache-service": ["catalog.events.v1", "user.events.v1"] };
const OPERATOR_NS_LABEL = "scalableapi.io/operators";
const INGRESS_NS = "ingress-nginx";
// Pods the operators create, with the labels they document (not rendered, so the flows below name them).
const NAME = "app.kubernetes.io/name";
const OPERATOR_PODS = {
  postgres: { "cnpg.io/cluster": "platform-postgres", "cnpg.io/instanceRole": "primary", role: "primary" },
  kafka: { "strimzi.io/cluster": "platform-kafka", "strimzi.io/kind": "Kafka", "strimzi.io/name": "platform-kafka-kafka", "strimzi.io/broker-role": "true", "strimzi.io/pool-name": "brokers" },
  infinispan: { app: "infinispan-pod", clusterName: "platform-infinispan", infinispan_cr: "platform-infinispan" },
  keycloak: { app: "keycloak", "app.kubernetes.io/managed-by": "keycloak-operator" },
  "keycloak-realm-import": { app: "keycloak-realm-import", "app.kubernetes.io/managed-by": "keycloak-operator" },
};
// Operators: the namespace they are installed in (matched by its immutable kubernetes.io/metadata.name label) and the
// labels of their pods; README "Prerequisites". The pods each one manages (keys of OPERATOR_PODS) and on which ports.
const OPERATORS = {
  cnpg: { ns: "cnpg-system", labels: { [NAME]: "cloudnative-pg" }, reaches: [["postgres", 8000], ["postgres", 5432], ["postgres-pooler", 8000]] },
  strimzi: { ns: "strimzi", labels: { name: "strimzi-cluster-operator" }, reaches: [["kafka", 9091]] },
  infinispan: { ns: "infinispan-operator", labels: { [NAME]: "infinispan-operator" }, reaches: [["infinispan", 11222]] },
  keycloak: { ns: "keycloak-operator", labels: { [NAME]: "keycloak-operator" }, reaches: [["keycloak", 9000]] },
  // KEDA (its Helm chart's labels): what it reaches is derived from the ScaledObjects' triggers (derivedFlows).
  keda: { ns: "keda", labels: { app: "keda-operator" }, reaches: [] },
};
OPERATOR_PODS["postgres-replica"] = { "cnpg.io/cluster": "platform-postgres", "cnpg.io/instanceRole": "replica", role: "replica" };
OPERATOR_PODS["postgres-pooler"] = { "cnpg.io/poolerName": "platform-postgres-pooler-rw", "cnpg.io/podRole": "pooler" };
const MONITORING = { ns: "monitoring", labels: { [NAME]: "prometheus" } };
// Policies that may name addresses (ipBlock): what a NetworkPolicy cannot select by labels. Label value -> narrowest
// prefix length allowed (the API server's endpoints are single addresses).
const IPBLOCK_EGRESS = { "kube-apiserver": 32, "object-store": 16 };
// Measured RSS outside the heap of a packaged service under load (k8s/README.md "Memory"): the memory limit minus the
// heap (MaxRAMPercentage of it) must hold it with 10 % to spare.
const MEASURED_NON_HEAP_MIB = 216;
// Settings only an overlay can know (the cluster's network): base renders without them.
const OVERLAY_SETTINGS = ["GATEWAY_TRUSTED_PROXIES"];
const REALM_JSON = path.join(repo, "scripts/infra/keycloak/platform-realm.json");
const REALM_IMPORT = path.join(repo, "k8s/components/infrastructure/keycloak-realm-import.yaml");
const README = path.join(repo, "k8s/README.md");
const CACHES_JSON = path.join(repo, "shared-contracts/src/main/resources/io/scalableapi/contracts/caches/platform-caches.json");
const CACHES_YAML = path.join(repo, "k8s/components/infrastructure/infinispan-caches.yaml");
// Monitoring (issue 18): the one rules file, the PrometheusRule generated from it, and what the dashboards must show.
const RULES_FILE = path.join(repo, "monitoring/rules/platform.rules.yml");
const PROMETHEUS_RULE = path.join(repo, "k8s/components/monitoring/prometheusrule.yaml");
const METRICS_PATH = "/q/metrics";
const DASHBOARD_LABEL = "grafana_dashboard";
// Every dashboard topic of the issue, by a metric that shows it (the live check, scripts/monitoring.sh check-metrics,
// proves each metric a dashboard reads exists).
const DASHBOARD_TOPICS = {
  "golden signals per route": "gateway_requests_seconds_count",
  "latency per route": "gateway_requests_seconds_bucket",
  "rate limiter outcomes": "gateway_ratelimit_decisions_total",
  "circuit breakers": "gateway_upstream_circuit_state",
  "outbox": "outbox_lag_seconds",
  "consumer": "job_topic:kafka_consumer_records_lag:sum",
  "JVM": "jvm_memory_used_bytes",
};

// ---------------------------------------------------------------------------------------------------------------
// Realm import: one source (the local-dev realm JSON), the KeycloakRealmImport is derived from it.
function realmImportText() {
  const realm = JSON.parse(fs.readFileSync(REALM_JSON, "utf8"));
  const doc = {
    apiVersion: "k8s.keycloak.org/v2alpha1",
    kind: "KeycloakRealmImport",
    metadata: { name: "platform-realm" },
    spec: { keycloakCRName: "platform-keycloak", realm },
  };
  return (
    "# GENERATED from scripts/infra/keycloak/platform-realm.json (the realm of local dev) by\n" +
    "#   scripts/k8s-check.sh --write-generated\n" +
    "# Do not edit: scripts/k8s-check.sh fails when this file and the JSON differ. The dev-only client secrets and\n" +
    "# users in it are replaced or removed by the prod overlay (k8s/overlays/prod/realm-import-prod.yaml).\n" +
    YAML.stringify(doc, { lineWidth: 0 })
  );
}
// Infinispan Cache resources: one source (shared-contracts' platform-caches.json, which the services also read).
function cachesText() {
  const defs = JSON.parse(fs.readFileSync(CACHES_JSON, "utf8"));
  const docs = Object.entries(defs).map(([name, config]) => YAML.stringify({
    apiVersion: "infinispan.org/v2alpha1",
    kind: "Cache",
    metadata: { name },
    spec: { clusterName: "platform-infinispan", name, template: JSON.stringify(config) },
  }, { lineWidth: 0 }));
  return (
    "# GENERATED from shared-contracts/src/main/resources/io/scalableapi/contracts/caches/platform-caches.json (the caches\n" +
    "# the services use, with their configuration) by scripts/k8s-check.sh --write-generated. Do not edit: the check fails\n" +
    "# when this file and the JSON differ. Declared here so each cache exists with this configuration before the\n" +
    "# services start (a client does not reconfigure a cache that already exists).\n" +
    docs.join("---\n")
  );
}
// PrometheusRule: one source (monitoring/rules/platform.rules.yml, which the local Prometheus loads as it is).
const sourceRuleGroups = () => YAML.parse(fs.readFileSync(RULES_FILE, "utf8")).groups;
function prometheusRuleText() {
  const doc = {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "scalableapi-platform" },
    spec: { groups: sourceRuleGroups() },
  };
  return (
    "# GENERATED from monitoring/rules/platform.rules.yml (the platform's one rules file, which scripts/run.sh's\n" +
    "# Prometheus loads as it is and promtool unit-tests) by scripts/k8s-check.sh --write-generated. Do not edit: the\n" +
    "# check fails when this file and the rules file differ. Comments and reasons are in the rules file.\n" +
    YAML.stringify(doc, { lineWidth: 0 })
  );
}
const GENERATED = [[REALM_IMPORT, realmImportText, REALM_JSON], [CACHES_YAML, cachesText, CACHES_JSON], [PROMETHEUS_RULE, prometheusRuleText, RULES_FILE]];
if (args.has("--write-generated") || args.has("--write-realm-import")) {
  for (const [file, text] of GENERATED) { fs.writeFileSync(file, text()); console.log(`wrote ${path.relative(repo, file)}`); }
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------------------------
// Rendering
function kustomizations() {
  const dirs = [path.join(repo, "k8s/base")];
  const ov = path.join(repo, "k8s/overlays");
  for (const d of fs.readdirSync(ov).sort()) {
    if (fs.existsSync(path.join(ov, d, "kustomization.yaml"))) dirs.push(path.join(ov, d));
  }
  return dirs;
}
function render(dir) {
  const out = execFileSync(kubectl, ["kustomize", dir], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
  return YAML.parseAllDocuments(out).map((d) => {
    if (d.errors.length) throw new Error(d.errors.map(String).join("; "));
    return d.toJS();
  }).filter(Boolean);
}

// ---------------------------------------------------------------------------------------------------------------
// Built-in kinds: kubernetes-models (types, enums, required, formats) + client-node field lists (unknown fields)
const modelCache = new Map();
async function k8sModel(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const rel = group ? `${group}/${version}/${kind}.js` : `${version}/${kind}.js`;
  const file = path.join(tools, "node_modules/kubernetes-models", rel);
  if (!fs.existsSync(file)) return null;
  if (!modelCache.has(file)) modelCache.set(file, (await import(pathToFileURL(file).href))[kind]);
  return modelCache.get(file);
}
function clientNodeType(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  const name = version.charAt(0).toUpperCase() + version.slice(1) + kind;
  return models[name] ? name : null;
}
const PRIMITIVES = new Set(["string", "number", "boolean", "Date", "any", "object", "IntOrString", "RuntimeRawExtension"]);
function unknownFields(value, type, at, errors) {
  if (value === null || value === undefined) return;
  let m;
  if ((m = /^Array<(.+)>$/.exec(type))) {
    if (!Array.isArray(value)) return; // type errors are reported by the schema validation
    value.forEach((v, i) => unknownFields(v, m[1], `${at}[${i}]`, errors));
    return;
  }
  if ((m = /^\{ \[key: string\]: (.+); \}$/.exec(type))) {
    if (typeof value !== "object") return;
    for (const [k, v] of Object.entries(value)) unknownFields(v, m[1], `${at}.${k}`, errors);
    return;
  }
  if (PRIMITIVES.has(type) || !models[type] || typeof value !== "object" || Array.isArray(value)) return;
  const attrs = models[type].getAttributeTypeMap ? models[type].getAttributeTypeMap() : models[type].attributeTypeMap;
  for (const [k, v] of Object.entries(value)) {
    const a = attrs.find((x) => x.baseName === k);
    if (!a) errors.push(`${at}.${k}: unknown field (not in ${type})`);
    else unknownFields(v, a.type, `${at}.${k}`, errors);
  }
}
async function validateBuiltin(obj) {
  const errors = [];
  const Model = await k8sModel(obj.apiVersion, obj.kind);
  const typeName = clientNodeType(obj.apiVersion, obj.kind);
  if (!Model || !typeName) return [`no Kubernetes schema for ${obj.apiVersion} ${obj.kind}`];
  const copy = structuredClone(obj);
  // The API server's base64 decoder skips line breaks, which kustomize puts into long Secret values.
  if (obj.kind === "Secret" && copy.data) for (const k of Object.keys(copy.data)) copy.data[k] = String(copy.data[k]).replace(/\s+/g, "");
  try {
    new Model(copy).validate();
  } catch (e) {
    const list = e.errors || [{ instancePath: "", message: e.message }];
    for (const x of list) errors.push(`${x.instancePath || "/"} ${x.message}`);
  }
  unknownFields(obj, typeName, "", errors);
  return errors;
}

// ---------------------------------------------------------------------------------------------------------------
// Operators' custom resources: CRD openAPIV3Schema made strict, validated with ajv
const crdSchemas = new Map(); // "group/version Kind" -> validate fn
let schemasAvailable = false;
function strictify(s) {
  if (Array.isArray(s)) return s.map(strictify);
  if (!s || typeof s !== "object") return s;
  const o = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === "properties" || k === "patternProperties" || k === "definitions" || k === "$defs") {
      o[k] = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, strictify(pv)]));
    } else if (k.startsWith("x-kubernetes-") || k === "default" || k === "example") {
      continue;
    } else {
      o[k] = strictify(v);
    }
  }
  if (s["x-kubernetes-int-or-string"]) {
    delete o.type;
    if (!o.anyOf) o.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (s.properties && !s["x-kubernetes-preserve-unknown-fields"] && s.additionalProperties === undefined) o.additionalProperties = false;
  return o;
}
// CRD patterns are RE2 (Go) expressions, and some carry inline flags, e.g. Prometheus Operator's "^(?i)(abort|warn)?$".
// JavaScript's RegExp has no inline flags (ajv would refuse the whole schema), so they become flags of the whole
// expression: exact for the flag groups these schemas use (at the start), a superset of the matches elsewhere.
function re2RegExp(pattern, flags) {
  let extra = "";
  const plain = pattern.replace(/\(\?([imsU]+)\)/g, (_, f) => {
    extra += f.replace(/U/g, "");
    return "";
  });
  const all = [...new Set(flags + extra)].join("");
  return new RegExp(plain, all);
}
function loadCrdSchemas() {
  if (!fs.existsSync(schemasDir)) return;
  // The schema files are data shared between projects: verify they are the ones recorded in SHA256SUMS.
  const sums = fs.readFileSync(path.join(schemasDir, "SHA256SUMS"), "utf8").trim().split("\n");
  for (const line of sums) {
    const [sum, file] = line.trim().split(/\s+\*?/);
    const actual = createHash("sha256").update(fs.readFileSync(path.join(schemasDir, file))).digest("hex");
    if (actual !== sum) throw new Error(`k8s-schemas: checksum mismatch for ${file}`);
  }
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: true, code: { regExp: re2RegExp } });
  addFormats(ajv);
  for (const f of ["int32", "int64", "double", "float", "byte", "quantity", "binary", "password"]) ajv.addFormat(f, true);
  const add = (group, version, kind, schema) => crdSchemas.set(`${group}/${version} ${kind}`, ajv.compile(schema));
  for (const dir of fs.readdirSync(schemasDir)) {
    const full = path.join(schemasDir, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const file of fs.readdirSync(full)) {
      const p = path.join(full, file);
      if (file.endsWith(".yaml")) {
        const crd = YAML.parse(fs.readFileSync(p, "utf8"));
        for (const v of crd.spec.versions) {
          if (v.served) add(crd.spec.group, v.name, crd.spec.names.kind, strictify(v.schema.openAPIV3Schema));
        }
      } else if (file.endsWith(".json")) {
        // datreeio catalogue: <kind>_<version>.json, already strict JSON Schema
        const schema = JSON.parse(fs.readFileSync(p, "utf8"));
        delete schema.$schema;
        const [kindLower, version] = file.replace(/\.json$/, "").split("_");
        const kind = { keycloak: "Keycloak", keycloakrealmimport: "KeycloakRealmImport" }[kindLower];
        if (kind) add("k8s.keycloak.org", version, kind, schema);
      }
    }
  }
  schemasAvailable = true;
}
function validateCustom(obj) {
  const v = crdSchemas.get(`${obj.apiVersion} ${obj.kind}`);
  if (!v) return [`no CRD schema for ${obj.apiVersion} ${obj.kind} in ${schemasDir}`];
  // CRD schemas leave metadata open; it is the built-in ObjectMeta.
  const meta = [];
  unknownFields(obj.metadata, "V1ObjectMeta", ".metadata", meta);
  if (v(obj)) return meta;
  return meta.concat(v.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ""}${e.params?.allowedValues ? ` ${JSON.stringify(e.params.allowedValues)}` : ""}`));
}
const isBuiltin = (o) => !o.apiVersion.includes(".") || o.apiVersion.includes(".k8s.io/");

// ---------------------------------------------------------------------------------------------------------------
// Semantic rules. Each returns a list of error strings for one rendered overlay.
// Key-order-independent JSON (kustomize sorts map keys).
const canon = (v) => JSON.stringify(v, (k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((key) => [key, x[key]])) : x));
const get = (o, p, d) => p.split(".").reduce((a, k) => (a == null ? a : a[k]), o) ?? d;
const byKind = (objs, kind) => objs.filter((o) => o.kind === kind);
const labelsMatch = (sel, labels = {}) => {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels || {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions || []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === "In" && !(has && e.values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
};
const emptySelector = (sel) => !sel || (!Object.keys(sel.matchLabels || {}).length && !(sel.matchExpressions || []).length);
const allContainers = (spec) => [...(spec.initContainers || []), ...(spec.containers || [])];
const quantityCpu = (q) => (q == null ? null : String(q).endsWith("m") ? parseFloat(q) / 1000 : parseFloat(q));

// ---------------------------------------------------------------------------------------------------------------
// The services' configuration as a pod sees it: application.properties in the prod profile (%prod.key over key), with
// ${VAR:default} resolved from the container's environment (envFrom ConfigMaps and env) and a property overridden by
// its environment name (quarkus.oidc.auth-server-url <- QUARKUS_OIDC_AUTH_SERVER_URL), as SmallRye Config does.
const propsCache = new Map();
function prodProperties(service) {
  if (propsCache.has(service)) return propsCache.get(service);
  const file = path.join(repo, service, "src/main/resources/application.properties");
  const plain = {}, prod = {};
  if (fs.existsSync(file)) {
    for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
      const line = raw.trim();
      if (!line || line.startsWith("#")) continue;
      const i = line.indexOf("=");
      if (i < 0) continue;
      const k = line.slice(0, i).trim(), v = line.slice(i + 1).trim();
      if (k.startsWith("%prod.")) prod[k.slice(6)] = v;
      else if (!k.startsWith("%")) plain[k] = v;
    }
  }
  const merged = { ...plain, ...prod };
  propsCache.set(service, merged);
  return merged;
}
const envName = (k) => k.toUpperCase().replace(/[^A-Z0-9]/g, "_");
function containerEnv(objs, c) {
  const env = {};
  for (const e of c.envFrom || []) {
    const cm = byKind(objs, "ConfigMap").find((x) => x.metadata.name === get(e, "configMapRef.name"));
    Object.assign(env, (cm && cm.data) || {});
  }
  for (const e of c.env || []) env[e.name] = e.value ?? (e.valueFrom ? "<from " + Object.keys(e.valueFrom)[0] + ">" : "");
  return env;
}
function effectiveConfig(objs, d) {
  const c = d.spec.template.spec.containers.find((x) => x.name === d.metadata.name) || d.spec.template.spec.containers[0];
  const env = containerEnv(objs, c);
  const out = {};
  for (const [k, v] of Object.entries(prodProperties(d.metadata.name))) {
    const raw = env[envName(k)] ?? v;
    out[k] = raw.replace(/\$\{([A-Za-z0-9_.-]+)(?::([^}]*))?\}/g, (_, name, def) => env[name] ?? env[envName(name)] ?? def ?? "");
  }
  return { config: out, env };
}
// Every host:port (or scheme://host[:port]) a service's configuration names, with the key that names it.
function endpointsIn(config) {
  const found = [];
  for (const [key, value] of Object.entries(config)) {
    for (const part of String(value).split(/[,\s]+/)) {
      const m = /^(?:[a-z][a-z0-9+.-]*:)*(?:\/\/)?([A-Za-z0-9.-]+):(\d+)(?:[/?].*)?$/.exec(part) || /^(https?):\/\/([A-Za-z0-9.-]+)(?:[/?].*)?$/.exec(part);
      if (!m) continue;
      if (m.length === 3 && /^https?$/.test(m[1]) && !/:\d+/.test(part.replace(/^https?:\/\//, ""))) found.push({ key, host: m[2], port: m[1] === "https" ? 443 : 80 });
      else found.push({ key, host: m[1], port: Number(m[2]) });
    }
  }
  return found;
}
// What the prometheus-operator monitors make Prometheus scrape: for each Deployment, every ServiceMonitor endpoint
// (through the Services it selects) and PodMonitor endpoint that reaches its pods, resolved to a container port.
function monitorScrapes(objs) {
  const scrapes = [], errs = [];
  const ns = (o) => o.metadata?.namespace;
  const nsSelected = (m, d) => m.spec.namespaceSelector?.any === true || (m.spec.namespaceSelector?.matchNames ? m.spec.namespaceSelector.matchNames.includes(ns(d)) : ns(m) === ns(d));
  const containerPort = (d, port) => d.spec.template.spec.containers.flatMap((c) => c.ports || []).find((p) => (typeof port === "string" ? p.name === port : p.containerPort === port))?.containerPort;
  for (const d of byKind(objs, "Deployment")) {
    const podLabels = get(d, "spec.template.metadata.labels", {});
    for (const m of byKind(objs, "ServiceMonitor")) {
      if (!nsSelected(m, d)) continue;
      for (const s of byKind(objs, "Service")) {
        if (!labelsMatch(m.spec.selector, s.metadata.labels || {}) || !labelsMatch({ matchLabels: s.spec.selector || {} }, podLabels)) continue;
        for (const ep of m.spec.endpoints || []) {
          const by = `ServiceMonitor ${m.metadata.name} (Service ${s.metadata.name})`;
          let port;
          if (ep.port !== undefined) {
            const sp = (s.spec.ports || []).find((p) => p.name === ep.port);
            if (!sp) { errs.push(`${by}: endpoint port ${ep.port} is no named port of the Service`); continue; }
            port = containerPort(d, sp.targetPort ?? sp.port);
          } else port = containerPort(d, ep.targetPort);
          scrapes.push({ deployment: d.metadata.name, by, port, path: ep.path || "/metrics" });
        }
      }
    }
    for (const m of byKind(objs, "PodMonitor")) {
      if (!nsSelected(m, d) || !labelsMatch(m.spec.selector, podLabels)) continue;
      for (const ep of m.spec.podMetricsEndpoints || []) {
        scrapes.push({ deployment: d.metadata.name, by: `PodMonitor ${m.metadata.name}`, port: containerPort(d, ep.port ?? ep.portNumber ?? ep.targetPort), path: ep.path || "/metrics" });
      }
    }
  }
  return { scrapes, errs };
}
// Who calls whom, derived from the rendered objects and the services' configuration (not a hand-kept list):
//   service -> the hosts its configuration names (Services of this set, or those the operators create);
//   ingress controller -> each Ingress backend; Prometheus -> each pod's scrape port; Keycloak (and its realm-import
//   Job) -> its database; the operators -> their pods; every pod that names a host -> kube-dns.
function derivedFlows(objs) {
  const flows = [], errs = [];
  const deps = byKind(objs, "Deployment");
  const services = {};
  for (const s of byKind(objs, "Service")) {
    const d = deps.find((x) => labelsMatch({ matchLabels: s.spec.selector || {} }, x.spec.template.metadata.labels));
    if (!d) continue;
    const ports = {};
    for (const sp of s.spec.ports || []) {
      const cport = d.spec.template.spec.containers.flatMap((c) => c.ports || []).find((p) => (typeof sp.targetPort === "string" ? p.name === sp.targetPort : p.containerPort === (sp.targetPort ?? sp.port)));
      if (cport) ports[sp.port] = cport.containerPort;
    }
    services[s.metadata.name] = { pod: d.metadata.name, ports };
  }
  const pg = byKind(objs, "Cluster")[0], kafka = byKind(objs, "Kafka")[0], ispn = byKind(objs, "Infinispan")[0], kc = byKind(objs, "Keycloak")[0];
  const operatorServices = {};
  if (pg) { operatorServices[`${pg.metadata.name}-rw`] = "postgres"; operatorServices[`${pg.metadata.name}-ro`] = "postgres-replica"; operatorServices[`${pg.metadata.name}-r`] = "postgres"; }
  for (const p of byKind(objs, "Pooler")) operatorServices[p.metadata.name] = "postgres-pooler";
  if (kafka) operatorServices[`${kafka.metadata.name}-kafka-bootstrap`] = "kafka";
  if (ispn) operatorServices[ispn.metadata.name] = "infinispan";
  if (kc) operatorServices[`${kc.metadata.name}-service`] = "keycloak";
  const resolve = (host, port) => {
    if (services[host]) return services[host].ports[port] ? [services[host].pod, services[host].ports[port]] : null;
    if (operatorServices[host]) return [operatorServices[host], port];
    return undefined;
  };
  const dnsUsers = new Set();
  for (const d of deps) {
    const { config } = effectiveConfig(objs, d);
    for (const { key, host, port } of endpointsIn(config)) {
      if (host.includes(".") || /^\d/.test(host) || host === "localhost") continue; // not an in-namespace Service name
      const to = resolve(host, port);
      if (to === undefined) { if (byKind(objs, "Kafka").length || !/^platform-/.test(host)) errs.push(`${d.metadata.name}: ${key} names ${host}:${port}, which is no Service of this set nor one the operators create`); continue; }
      if (to === null) { errs.push(`${d.metadata.name}: ${key} names ${host}:${port}, a port Service ${host} does not serve`); continue; }
      flows.push([d.metadata.name, to[0], to[1], "TCP", `${d.metadata.name} ${key}`]);
      dnsUsers.add(d.metadata.name);
    }
    const scrape = get(d, "spec.template.metadata.annotations", {});
    if (scrape["prometheus.io/scrape"] === "true") flows.push(["prometheus", d.metadata.name, Number(scrape["prometheus.io/port"]), "TCP", "prometheus.io/port annotation"]);
  }
  for (const { deployment, by, port } of monitorScrapes(objs).scrapes) if (port) flows.push(["prometheus", deployment, port, "TCP", by]);
  for (const i of byKind(objs, "Ingress")) {
    for (const r of i.spec.rules || []) for (const p of get(r, "http.paths", [])) {
      const name = get(p, "backend.service.name"), port = get(p, "backend.service.port.number") ?? get(p, "backend.service.port.name");
      const svc = objs.find((o) => o.kind === "Service" && o.metadata.name === name);
      const num = typeof port === "string" ? (svc?.spec.ports || []).find((x) => x.name === port)?.port : port;
      const to = resolve(name, num);
      if (to) flows.push(["ingress-nginx", to[0], to[1], "TCP", `Ingress ${i.metadata.name} ${p.path}`]);
    }
  }
  if (kc && pg && get(kc, "spec.db.host")) {
    const to = resolve(get(kc, "spec.db.host"), get(kc, "spec.db.port", 5432));
    if (to) { flows.push(["keycloak", to[0], to[1], "TCP", "Keycloak spec.db"]); flows.push(["keycloak-realm-import", to[0], to[1], "TCP", "KeycloakRealmImport (Keycloak spec.db)"]); dnsUsers.add("keycloak"); }
  }
  if (kafka || pg) for (const [op, o] of Object.entries(OPERATORS)) for (const [pod, port] of o.reaches) if (OPERATOR_PODS[pod] && (pod !== "postgres-pooler" || byKind(objs, "Pooler").length)) flows.push([`operator-${op}`, pod, port, "TCP", `operator ${op}`]);
  // KEDA's scalers connect to what their triggers name (the Kafka scaler: the bootstrap Service, for consumer lag).
  for (const so of byKind(objs, "ScaledObject")) {
    for (const t of so.spec.triggers || []) {
      for (const hp of String(get(t, "metadata.bootstrapServers", "")).split(",").filter(Boolean)) {
        const [host, port] = hp.trim().split(":");
        const to = resolve(host, Number(port));
        if (to) flows.push(["operator-keda", to[0], to[1], "TCP", `ScaledObject ${so.metadata.name} trigger ${t.name || t.type}`]);
        else if (kafka) errs.push(`ScaledObject ${so.metadata.name}: trigger ${t.name || t.type} names ${hp}, which is no Service of this set nor one the operators create`);
      }
    }
  }
  for (const u of dnsUsers) flows.push([u, "kube-dns", 53, "UDP", "name resolution"]);
  return { flows, errs };
}

// The bounded scaling behaviour every autoscaler has (HPA spec.behavior, or KEDA's advanced.horizontalPodAutoscalerConfig).
function behaviourErrors(n, behavior) {
  const errs = [];
  const up = behavior?.scaleUp, down = behavior?.scaleDown;
  if (!up || !down) return [`${n}: behavior.scaleUp and behavior.scaleDown must be set`];
  if ((up.stabilizationWindowSeconds ?? 0) < 30) errs.push(`${n}: scaleUp stabilizationWindowSeconds < 30 (JVM warm-up spikes would scale up)`);
  if (up.selectPolicy !== "Min" || !(up.policies || []).some((p) => p.type === "Pods")) errs.push(`${n}: scaleUp must be bounded (selectPolicy Min with a Pods policy)`);
  if ((down.stabilizationWindowSeconds ?? 300) < 300) errs.push(`${n}: scaleDown stabilizationWindowSeconds < 300 (flapping)`);
  if (down.selectPolicy === "Disabled" || !(down.policies || []).length) errs.push(`${n}: scaleDown needs explicit rate policies`);
  return errs;
}
// A service's Kafka consumer as its application.properties configure it (prod values: no %profile lines).
function consumerConfig(service) {
  const file = path.join(repo, service, "src/main/resources/application.properties");
  if (!fs.existsSync(file)) return null;
  const props = Object.fromEntries(fs.readFileSync(file, "utf8").split("\n").filter((l) => /^mp\.messaging\.incoming\./.test(l)).map((l) => l.split(/=(.*)/s).slice(0, 2).map((x) => x.trim())));
  const channel = Object.keys(props).map((k) => /^mp\.messaging\.incoming\.([^.]+)\.connector$/.exec(k)).find((m) => m && props[m[0]] === "smallrye-kafka")?.[1];
  if (!channel) return null;
  const at = (k) => props[`mp.messaging.incoming.${channel}.${k}`];
  return { group: at("group.id"), topics: (at("topics") || at("topic") || channel).split(",").map((x) => x.trim()) };
}

const RULES = {
  // Every selector selects what it is meant to: Deployment template, Service and PDB pods.
  selectors(objs) {
    const errs = [];
    const templates = byKind(objs, "Deployment").map((d) => ({ name: d.metadata.name, labels: get(d, "spec.template.metadata.labels", {}) }));
    for (const d of byKind(objs, "Deployment")) {
      const sel = d.spec.selector;
      if (emptySelector(sel)) errs.push(`Deployment ${d.metadata.name}: empty selector`);
      else if (!labelsMatch(sel, get(d, "spec.template.metadata.labels", {}))) errs.push(`Deployment ${d.metadata.name}: selector ${JSON.stringify(sel)} does not match its pod template labels`);
    }
    for (const s of byKind(objs, "Service")) {
      const sel = s.spec.selector;
      if (!sel || !templates.some((t) => labelsMatch({ matchLabels: sel }, t.labels))) errs.push(`Service ${s.metadata.name}: selector ${JSON.stringify(sel)} matches no pod template`);
    }
    for (const p of byKind(objs, "PodDisruptionBudget")) {
      if (!templates.some((t) => labelsMatch(p.spec.selector, t.labels))) errs.push(`PodDisruptionBudget ${p.metadata.name}: selector matches no pod template`);
    }
    for (const d of byKind(objs, "Deployment")) {
      const pdbs = byKind(objs, "PodDisruptionBudget").filter((p) => labelsMatch(p.spec.selector, d.spec.template.metadata.labels));
      if (pdbs.length !== 1) errs.push(`Deployment ${d.metadata.name}: ${pdbs.length} PodDisruptionBudgets select it (want 1)`);
      for (const tsc of get(d, "spec.template.spec.topologySpreadConstraints", [])) {
        if (!labelsMatch(tsc.labelSelector, d.spec.template.metadata.labels)) errs.push(`Deployment ${d.metadata.name}: topologySpreadConstraint selector does not match its own pods`);
      }
    }
    return errs;
  },

  // Every Deployment has an HPA; every HPA targets an existing Deployment whose containers request CPU;
  // behaviour is bounded up and stabilised down.
  hpa(objs, overlay) {
    const errs = [];
    const deps = byKind(objs, "Deployment");
    const hpas = byKind(objs, "HorizontalPodAutoscaler");
    const scaled = byKind(objs, "ScaledObject");
    for (const d of deps) {
      const n = [...hpas, ...scaled].filter((h) => h.spec.scaleTargetRef.name === d.metadata.name).length;
      if (!n) errs.push(`Deployment ${d.metadata.name}: no HorizontalPodAutoscaler or KEDA ScaledObject`);
      // Two autoscalers on one Deployment fight over its replicas.
      if (n > 1) errs.push(`Deployment ${d.metadata.name}: ${n} autoscalers (HPA and ScaledObject) target it`);
    }
    for (const h of hpas) {
      const n = `HPA ${h.metadata.name}`;
      const ref = h.spec.scaleTargetRef;
      const target = deps.find((d) => ref.kind === "Deployment" && ref.apiVersion === "apps/v1" && d.metadata.name === ref.name);
      if (!target) { errs.push(`${n}: target ${ref.apiVersion} ${ref.kind}/${ref.name} does not exist`); continue; }
      if (target.spec.replicas !== undefined) errs.push(`${n}: target sets spec.replicas (the HPA owns it; re-applying would reset the scale)`);
      for (const c of target.spec.template.spec.containers) {
        if (quantityCpu(get(c, "resources.requests.cpu")) == null) errs.push(`${n}: container ${c.name} of ${ref.name} has no CPU request (utilisation is undefined)`);
      }
      const cpu = (h.spec.metrics || []).find((m) => m.type === "Resource" && m.resource.name === "cpu" && m.resource.target.type === "Utilization");
      if (!cpu) errs.push(`${n}: no CPU utilisation metric`);
      else if (cpu.resource.target.averageUtilization < 50 || cpu.resource.target.averageUtilization > 85) errs.push(`${n}: CPU target ${cpu.resource.target.averageUtilization}% outside 50..85`);
      const min = h.spec.minReplicas ?? 1, max = h.spec.maxReplicas;
      if (min > max) errs.push(`${n}: minReplicas ${min} > maxReplicas ${max}`);
      if (h.metadata.name === PUBLIC_SERVICE && overlay !== "dev" && min < 2) errs.push(`${n}: the gateway needs minReplicas >= 2 (got ${min})`);
      errs.push(...behaviourErrors(n, get(h, "spec.behavior")));
      // A consumer scales on its lag (keda rule), not on CPU.
      if (CONSUMERS[h.metadata.name]) errs.push(`${n}: ${h.metadata.name} consumes Kafka and must scale on its consumer lag (KEDA ScaledObject), not CPU`);
    }
    return errs;
  },

  // Consumers scale on their lag: a KEDA ScaledObject with one Kafka trigger per consumed topic, on the consumer group
  // and the topics of the service's application.properties, through the bootstrap Service it connects to, with
  // authentication, the same bounded behaviour as the HPAs, and at most as many replicas as any of its topics has
  // partitions (more consumers than partitions sit idle).
  keda(objs) {
    const errs = [];
    const deps = byKind(objs, "Deployment");
    const scaled = byKind(objs, "ScaledObject");
    for (const svc of Object.keys(CONSUMERS)) {
      if (deps.some((d) => d.metadata.name === svc) && !scaled.some((x) => x.spec.scaleTargetRef?.name === svc)) errs.push(`Deployment ${svc}: consumes Kafka but has no KEDA ScaledObject (consumer lag)`);
    }
    for (const so of scaled) {
      const n = `ScaledObject ${so.metadata.name}`;
      const ref = so.spec.scaleTargetRef || {};
      const target = deps.find((d) => (ref.kind ?? "Deployment") === "Deployment" && (ref.apiVersion ?? "apps/v1") === "apps/v1" && d.metadata.name === ref.name);
      if (!target) { errs.push(`${n}: target ${ref.apiVersion} ${ref.kind}/${ref.name} does not exist`); continue; }
      if (target.spec.replicas !== undefined) errs.push(`${n}: target sets spec.replicas (KEDA's HPA owns it; re-applying would reset the scale)`);
      const min = so.spec.minReplicaCount ?? 0, max = so.spec.maxReplicaCount ?? 100;
      if (min < 1) errs.push(`${n}: minReplicaCount ${min} scales the service to zero (it also serves the admin API)`);
      if (min > max) errs.push(`${n}: minReplicaCount ${min} > maxReplicaCount ${max}`);
      errs.push(...behaviourErrors(n, get(so, "spec.advanced.horizontalPodAutoscalerConfig.behavior")));
      const consumer = consumerConfig(target.metadata.name);
      if (!consumer) { errs.push(`${n}: ${target.metadata.name} consumes no Kafka topic (no incoming smallrye-kafka channel), nothing to scale on`); continue; }
      const c = target.spec.template.spec.containers.find((x) => x.name === target.metadata.name) || {};
      const cmData = Object.assign({}, ...(c.envFrom || []).map((e) => byKind(objs, "ConfigMap").find((x) => x.metadata.name === get(e, "configMapRef.name"))?.data || {}));
      const kafka = (so.spec.triggers || []).filter((t) => t.type === "kafka");
      if (kafka.length !== (so.spec.triggers || []).length) errs.push(`${n}: triggers other than kafka (${so.spec.triggers.map((t) => t.type).join(", ")})`);
      for (const t of kafka) {
        const m = t.metadata || {};
        const tn = `${n} trigger ${t.name || m.topic}`;
        if (m.consumerGroup !== consumer.group) errs.push(`${tn}: consumerGroup ${m.consumerGroup} (the service consumes as ${consumer.group})`);
        if (!consumer.topics.includes(m.topic)) errs.push(`${tn}: topic ${m.topic} is not consumed by ${target.metadata.name} (${consumer.topics.join(", ")})`);
        if (cmData.KAFKA_BOOTSTRAP_SERVERS && m.bootstrapServers !== cmData.KAFKA_BOOTSTRAP_SERVERS) errs.push(`${tn}: bootstrapServers ${m.bootstrapServers} (the service connects to ${cmData.KAFKA_BOOTSTRAP_SERVERS})`);
        if (!(Number(m.lagThreshold) > 0)) errs.push(`${tn}: lagThreshold must be a positive number (the lag per replica aimed at)`);
        if (m.allowIdleConsumers === "true") errs.push(`${tn}: allowIdleConsumers lets KEDA scale past the partitions`);
        const auth = byKind(objs, "TriggerAuthentication").find((a) => a.metadata.name === get(t, "authenticationRef.name"));
        if (!auth) { errs.push(`${tn}: authenticationRef ${get(t, "authenticationRef.name")} is not a rendered TriggerAuthentication (the broker requires SASL)`); continue; }
        for (const r of get(auth, "spec.configMapTargetRef", [])) {
          const cm = byKind(objs, "ConfigMap").find((x) => x.metadata.name === r.name);
          if (!cm || !(r.key in (cm.data || {}))) errs.push(`TriggerAuthentication ${auth.metadata.name}: ConfigMap ${r.name} key ${r.key} is not rendered`);
        }
        const params = [...get(auth, "spec.configMapTargetRef", []), ...get(auth, "spec.secretTargetRef", [])].map((r) => r.parameter);
        for (const p of ["username", "password"]) if (m.sasl && m.sasl !== "none" && !params.includes(p)) errs.push(`TriggerAuthentication ${auth.metadata.name}: no ${p} for SASL ${m.sasl}`);
      }
      for (const topic of consumer.topics) if (!kafka.some((t) => get(t, "metadata.topic") === topic)) errs.push(`${n}: no Kafka trigger for ${topic} (its lag would not scale the service)`);
      for (const k of byKind(objs, "KafkaTopic").filter((x) => consumer.topics.includes(x.spec.topicName || x.metadata.name))) {
        if (max > k.spec.partitions) errs.push(`${n}: maxReplicaCount ${max} > ${k.spec.partitions} partitions of ${k.spec.topicName || k.metadata.name} (idle consumers)`);
      }
    }
    return errs;
  },

  // Probes on the paths and the port the services serve: the management interface (quarkus.management.*, read from each
  // service's prod configuration), which the Service exposes by name and Prometheus scrapes; the API port serves no /q.
  probes(objs) {
    const errs = [];
    for (const d of byKind(objs, "Deployment")) {
      const props = prodProperties(d.metadata.name);
      const mgmt = props["quarkus.management.enabled"] === "true" ? Number(props["quarkus.management.port"] ?? 9000) : null;
      const n0 = `Deployment ${d.metadata.name}`;
      if (!mgmt) errs.push(`${n0}: quarkus.management.enabled is not true in the service's configuration (/q/* would be served on the API port)`);
      const ann = get(d, "spec.template.metadata.annotations", {});
      if (ann["prometheus.io/scrape"] === "true" && Number(ann["prometheus.io/port"]) !== mgmt) errs.push(`${n0}: prometheus.io/port ${ann["prometheus.io/port"]} is not the management port ${mgmt}`);
      const svc = byKind(objs, "Service").find((s) => labelsMatch({ matchLabels: s.spec.selector || {} }, d.spec.template.metadata.labels));
      if (svc && !(svc.spec.ports || []).some((p) => p.name === "management" && (p.targetPort === "management" || p.targetPort === mgmt))) errs.push(`Service ${svc.metadata.name}: no port named management targeting the management interface`);
      for (const c of d.spec.template.spec.containers) {
        const n = `Deployment ${d.metadata.name} container ${c.name}`;
        const ports = c.ports || [];
        if (!ports.some((p) => p.containerPort === HTTP_PORT)) errs.push(`${n}: does not declare containerPort ${HTTP_PORT}`);
        if (mgmt && !ports.some((p) => p.containerPort === mgmt && p.name === "management")) errs.push(`${n}: does not declare the management port ${mgmt} (named management)`);
        for (const p of ports) if (p.containerPort !== HTTP_PORT && p.containerPort !== mgmt) errs.push(`${n}: port ${p.containerPort} is not served by the service (only ${HTTP_PORT} and ${mgmt})`);
        for (const [probe, want] of Object.entries(PROBE_PATHS)) {
          const pr = c[probe];
          if (!pr) { errs.push(`${n}: no ${probe}`); continue; }
          if (!pr.httpGet) { errs.push(`${n}: ${probe} is not an httpGet probe`); continue; }
          if (pr.httpGet.path !== want) errs.push(`${n}: ${probe} path ${pr.httpGet.path} (the service serves ${want})`);
          const port = typeof pr.httpGet.port === "string" ? ports.find((p) => p.name === pr.httpGet.port)?.containerPort : pr.httpGet.port;
          if (port !== mgmt) errs.push(`${n}: ${probe} port ${pr.httpGet.port} does not resolve to the management port ${mgmt} (/q/health is served there only)`);
        }
        if (c.readinessProbe && c.livenessProbe && c.livenessProbe.failureThreshold * c.livenessProbe.periodSeconds <= c.readinessProbe.failureThreshold * c.readinessProbe.periodSeconds) {
          errs.push(`${n}: liveness must tolerate longer than readiness (restart only after the pod was taken out of rotation)`);
        }
      }
    }
    for (const s of byKind(objs, "Service")) {
      const d = byKind(objs, "Deployment").find((x) => labelsMatch({ matchLabels: s.spec.selector || {} }, x.spec.template.metadata.labels));
      if (!d) continue;
      for (const sp of s.spec.ports) {
        const ok = d.spec.template.spec.containers.some((c) => (c.ports || []).some((p) => (typeof sp.targetPort === "string" ? p.name === sp.targetPort : p.containerPort === (sp.targetPort ?? sp.port))));
        if (!ok) errs.push(`Service ${s.metadata.name}: targetPort ${sp.targetPort} is not a port of ${d.metadata.name}`);
      }
    }
    return errs;
  },

  // Hardened pods (restricted Pod Security Standard and more), resources, graceful shutdown, JVM memory.
  security(objs) {
    const errs = [];
    const sas = byKind(objs, "ServiceAccount");
    for (const d of byKind(objs, "Deployment")) {
      const ps = d.spec.template.spec;
      const n = `Deployment ${d.metadata.name}`;
      const psc = ps.securityContext || {};
      if (ps.hostNetwork || ps.hostPID || ps.hostIPC) errs.push(`${n}: uses host namespaces`);
      const sa = sas.find((s) => s.metadata.name === (ps.serviceAccountName || "default"));
      if (!sa) errs.push(`${n}: ServiceAccount ${ps.serviceAccountName} is not part of the set`);
      if (ps.automountServiceAccountToken !== false) errs.push(`${n}: automountServiceAccountToken must be false (no API access needed)`);
      if (!(ps.topologySpreadConstraints || []).some((t) => t.topologyKey === "kubernetes.io/hostname")) errs.push(`${n}: no topology spread across nodes`);
      for (const t of ps.topologySpreadConstraints || []) if (t.whenUnsatisfiable === "DoNotSchedule" && t.nodeTaintsPolicy !== "Honor") errs.push(`${n}: DoNotSchedule spread without nodeTaintsPolicy Honor (tainted nodes would count as empty domains and block scheduling)`);
      const tmpVol = (ps.volumes || []).find((v) => v.emptyDir);
      for (const c of allContainers(ps)) {
        const cn = `${n} container ${c.name}`;
        const sc = c.securityContext || {};
        if ((sc.runAsNonRoot ?? psc.runAsNonRoot) !== true) errs.push(`${cn}: runAsNonRoot is not true`);
        if ((sc.runAsUser ?? psc.runAsUser) === 0) errs.push(`${cn}: runs as uid 0`);
        if (sc.allowPrivilegeEscalation !== false) errs.push(`${cn}: allowPrivilegeEscalation is not false`);
        if (sc.privileged) errs.push(`${cn}: privileged`);
        if (sc.readOnlyRootFilesystem !== true) errs.push(`${cn}: readOnlyRootFilesystem is not true`);
        if (!(get(sc, "capabilities.drop", [])).includes("ALL")) errs.push(`${cn}: capabilities.drop does not include ALL`);
        if ((get(sc, "capabilities.add", [])).length) errs.push(`${cn}: adds capabilities ${get(sc, "capabilities.add")}`);
        if ((get(sc, "seccompProfile.type") ?? get(psc, "seccompProfile.type")) !== "RuntimeDefault") errs.push(`${cn}: seccompProfile is not RuntimeDefault`);
        const tmp = (c.volumeMounts || []).find((m) => m.mountPath === "/tmp");
        if (!tmp || !(ps.volumes || []).some((v) => v.name === tmp.name && v.emptyDir)) errs.push(`${cn}: /tmp is not an emptyDir (read-only root filesystem)`);
        if (!tmpVol) errs.push(`${cn}: no emptyDir volume`);
        for (const k of ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"]) if (get(c, `resources.${k}`) == null) errs.push(`${cn}: resources.${k} missing`);
        if (String(c.image).endsWith(":latest") || !String(c.image).includes(":")) errs.push(`${cn}: image ${c.image} is not pinned to a version`);
      }
      for (const c of ps.containers) {
        const cn = `${n} container ${c.name}`;
        const envs = Object.fromEntries((c.env || []).map((e) => [e.name, e.value]));
        if (!/-XX:MaxRAMPercentage=\d/.test(envs.JAVA_OPTS_APPEND || "")) errs.push(`${cn}: JAVA_OPTS_APPEND lacks -XX:MaxRAMPercentage (container-aware heap)`);
        const mem = get(c, "resources.requests.memory"), lim = get(c, "resources.limits.memory");
        const pct = Number((/-XX:MaxRAMPercentage=([\d.]+)/.exec(envs.JAVA_OPTS_APPEND || "") || [])[1]);
        const limMiB = /Gi$/.test(lim) ? parseFloat(lim) * 1024 : /Mi$/.test(lim) ? parseFloat(lim) : NaN;
        if (pct && limMiB && limMiB * (1 - pct / 100) < MEASURED_NON_HEAP_MIB * 1.1) errs.push(`${cn}: memory limit ${lim} at MaxRAMPercentage ${pct} leaves ${Math.round(limMiB * (1 - pct / 100))} MiB beside the heap; a service measured ${MEASURED_NON_HEAP_MIB} MiB there (+10 %)`);
        if (mem && lim && mem !== lim) errs.push(`${cn}: memory request ${mem} != limit ${lim} (a JVM heap sized from the limit must be guaranteed)`);
        const pause = get(c, "lifecycle.preStop.sleep.seconds");
        if (pause == null) errs.push(`${cn}: no preStop sleep (in-flight requests would be cut while endpoints update)`);
        const grace = ps.terminationGracePeriodSeconds ?? 30;
        if (grace <= (pause ?? 0) + APP_SHUTDOWN_TIMEOUT_S) errs.push(`${n}: terminationGracePeriodSeconds ${grace} <= preStop ${pause ?? 0}s + shutdown ${APP_SHUTDOWN_TIMEOUT_S}s`);
      }
      if (get(d, "spec.strategy.rollingUpdate.maxUnavailable") !== 0) errs.push(`${n}: rollingUpdate.maxUnavailable must be 0`);
    }
    return errs;
  },

  // Deny by default, nothing but the gateway reachable from outside the namespace, no other way in.
  network(objs) {
    const errs = [];
    const nps = byKind(objs, "NetworkPolicy");
    const deny = nps.find((p) => emptySelector(p.spec.podSelector) && (p.spec.policyTypes || []).includes("Ingress") && (p.spec.policyTypes || []).includes("Egress") && !(p.spec.ingress || []).length && !(p.spec.egress || []).length);
    if (!deny) errs.push("NetworkPolicy: no default deny (podSelector {}, policyTypes Ingress+Egress, no rules)");
    const pods = byKind(objs, "Deployment").map((d) => ({ name: d.metadata.name, labels: d.spec.template.metadata.labels }));
    const outsidePeer = (peer) => peer.ipBlock || peer.namespaceSelector;
    // An operator: its namespace by name (kubernetes.io/metadata.name, which only the API server sets) AND its pods.
    const operatorPeer = (peer) => !peer.ipBlock && Object.values(OPERATORS).some((o) => canon(peer.namespaceSelector) === canon({ matchLabels: { "kubernetes.io/metadata.name": o.ns } }) && canon(peer.podSelector) === canon({ matchLabels: o.labels }));
    const monitoringPeer = (peer) => !peer.ipBlock && canon(peer.namespaceSelector) === canon({ matchLabels: { "kubernetes.io/metadata.name": MONITORING.ns } }) && canon(peer.podSelector) === canon({ matchLabels: MONITORING.labels });
    const mgmtPorts = new Set(byKind(objs, "Deployment").map((d) => Number(prodProperties(d.metadata.name)["quarkus.management.port"] ?? 9000)));
    const kcLabels = OPERATOR_PODS.keycloak;
    for (const p of nps) {
      for (const rule of [...(p.spec.ingress || []).map((r) => r.from || []), ...(p.spec.egress || []).map((r) => r.to || [])]) {
        for (const peer of rule) {
          const keys = Object.keys(get(peer, "namespaceSelector.matchLabels", {})).concat((get(peer, "namespaceSelector.matchExpressions", [])).map((e) => e.key));
          if (keys.some((k) => k !== "kubernetes.io/metadata.name")) errs.push(`NetworkPolicy ${p.metadata.name}: selects namespaces by ${keys.join(", ")}, a label anyone allowed to label namespaces can set (use kubernetes.io/metadata.name)`);
        }
      }
      // Addresses (ipBlock) only where no label can select the peer: the API server, the backup object store.
      const ipKind = get(p, "metadata.labels", {})["scalableapi.io/egress"];
      for (const [i, rule] of (p.spec.egress || []).entries()) {
        const where = `NetworkPolicy ${p.metadata.name} egress[${i}]`;
        if (!(rule.to || []).length) errs.push(`${where}: lets the pods it selects connect anywhere${rule.ports ? " on " + rule.ports.map((x) => x.port).join(",") : ""}`);
        for (const peer of rule.to || []) {
          if (!peer.ipBlock) continue;
          const prefix = Number(String(peer.ipBlock.cidr).split("/")[1] ?? 0);
          if (!(ipKind in IPBLOCK_EGRESS)) errs.push(`${where}: an address range (${peer.ipBlock.cidr}) in a policy that is not for the API server or the object store`);
          else if (prefix < IPBLOCK_EGRESS[ipKind]) errs.push(`${where}: ${peer.ipBlock.cidr} is wider than /${IPBLOCK_EGRESS[ipKind]} (${ipKind})`);
          if (!(rule.ports || []).length) errs.push(`${where}: ${peer.ipBlock.cidr} on every port`);
        }
      }
    }
    const ingressPeer = (peer) => !peer.ipBlock && JSON.stringify(peer.namespaceSelector) === JSON.stringify({ matchLabels: { "kubernetes.io/metadata.name": INGRESS_NS } }) && peer.podSelector && !emptySelector(peer.podSelector);
    for (const p of nps) {
      const selected = pods.filter((x) => labelsMatch(p.spec.podSelector, x.labels) || emptySelector(p.spec.podSelector));
      const selectsApp = selected.length > 0;
      for (const [i, rule] of (p.spec.egress || []).entries()) {
        // The services talk only to named peers; only infrastructure pods may reach the API server by port alone.
        if (selectsApp && !(rule.to || []).length) errs.push(`NetworkPolicy ${p.metadata.name} egress[${i}]: lets ${selected.map((x) => x.name).join(", ")} connect anywhere${rule.ports ? " on " + rule.ports.map((x) => x.port).join(",") : ""}`);
        for (const peer of rule.to || []) if (selectsApp && (peer.ipBlock || (peer.namespaceSelector && emptySelector(peer.namespaceSelector)))) errs.push(`NetworkPolicy ${p.metadata.name} egress[${i}]: lets ${selected.map((x) => x.name).join(", ")} connect outside known peers (${JSON.stringify(peer)})`);
      }
      for (const [i, rule] of (p.spec.ingress || []).entries()) {
        const from = rule.from || [];
        const where = `NetworkPolicy ${p.metadata.name} ingress[${i}]`;
        if (!from.length) { errs.push(`${where}: admits every source`); continue; }
        for (const peer of from) {
          if (!outsidePeer(peer)) {
            if (peer.podSelector && emptySelector(peer.podSelector) && selectsApp) errs.push(`${where}: admits every pod of the namespace`);
            continue;
          }
          if (operatorPeer(peer) && !selectsApp) continue; // infrastructure pods, reached by their operators
          const onlyGateway = selected.length && selected.every((x) => x.name === PUBLIC_SERVICE) && !emptySelector(p.spec.podSelector);
          if (onlyGateway && ingressPeer(peer) && (rule.ports || []).length && rule.ports.every((pt) => pt.port === HTTP_PORT || pt.port === "http")) continue;
          // Keycloak's public route (the token endpoint), its HTTP port only.
          if (!selectsApp && canon(get(p, "spec.podSelector.matchLabels")) === canon(kcLabels) && ingressPeer(peer) && (rule.ports || []).length && rule.ports.every((pt) => pt.port === 8080)) continue;
          // Prometheus, on the management port only.
          if (selectsApp && monitoringPeer(peer) && (rule.ports || []).length && rule.ports.every((pt) => mgmtPorts.has(pt.port) || pt.port === "management")) continue;
          errs.push(`${where}: admits traffic from outside the namespace (${JSON.stringify(peer)}) to ${selected.map((x) => x.name).join(", ") || "pods selected by " + JSON.stringify(p.spec.podSelector)}`);
        }
      }
    }
    for (const x of pods) {
      const sel = nps.filter((p) => labelsMatch(p.spec.podSelector, x.labels) || emptySelector(p.spec.podSelector));
      if (!sel.some((p) => (p.spec.policyTypes || ["Ingress"]).includes("Ingress"))) errs.push(`pod ${x.name}: no NetworkPolicy restricts its ingress`);
      if (!sel.some((p) => (p.spec.policyTypes || []).includes("Egress"))) errs.push(`pod ${x.name}: no NetworkPolicy restricts its egress`);
      const admitted = sel.flatMap((p) => p.spec.ingress || []);
      if (x.name === PUBLIC_SERVICE && !admitted.some((r) => (r.from || []).some((peer) => peer.namespaceSelector))) errs.push(`pod ${x.name}: the ingress controller cannot reach the gateway`);
      if (x.name !== PUBLIC_SERVICE && !admitted.some((r) => (r.from || []).some((peer) => peer.podSelector && labelsMatch(peer.podSelector, pods.find((g) => g.name === PUBLIC_SERVICE)?.labels)))) errs.push(`pod ${x.name}: the gateway cannot reach it`);
    }
    for (const s of byKind(objs, "Service")) if ((s.spec.type || "ClusterIP") !== "ClusterIP") errs.push(`Service ${s.metadata.name}: type ${s.spec.type} exposes it outside the cluster`);
    // Public: the gateway's /api, and Keycloak's realm endpoints (tokens, login pages and their assets). Nothing else.
    const PUBLIC_PATHS = { [PUBLIC_SERVICE]: ["/api"], "platform-keycloak-service": ["/realms/", "/resources/"] };
    for (const i of byKind(objs, "Ingress")) {
      if (get(i, "spec.defaultBackend")) errs.push(`Ingress ${i.metadata.name}: a defaultBackend routes every path`);
      for (const r of i.spec.rules || []) for (const p of get(r, "http.paths", [])) {
        const b = get(p, "backend.service.name");
        if (!(b in PUBLIC_PATHS)) errs.push(`Ingress ${i.metadata.name}: exposes ${b} (only ${Object.keys(PUBLIC_PATHS).join(" and ")} may be public)`);
        else if (!PUBLIC_PATHS[b].includes(p.path) || p.pathType === "ImplementationSpecific") errs.push(`Ingress ${i.metadata.name}: routes ${p.path} (${p.pathType}) to ${b}; only ${PUBLIC_PATHS[b].join(", ")} (Prefix) are public`);
      }
    }
    // Operators that generate their own network paths or exposure.
    for (const k of byKind(objs, "Kafka")) {
      for (const l of get(k, "spec.kafka.listeners", [])) {
        if (l.type !== "internal" && l.type !== "cluster-ip") errs.push(`Kafka ${k.metadata.name} listener ${l.name}: type ${l.type} is reachable from outside`);
        if (!(l.networkPolicyPeers || []).length) errs.push(`Kafka ${k.metadata.name} listener ${l.name}: no networkPolicyPeers (Strimzi would admit every source)`);
      }
    }
    for (const k of byKind(objs, "Keycloak")) {
      if (get(k, "spec.ingress.enabled") !== false) errs.push(`Keycloak ${k.metadata.name}: the operator's Ingress is enabled (only the gateway is public)`);
      if (get(k, "spec.networkPolicy.enabled") !== false) {
        for (const port of ["http", "management"]) if (!(get(k, `spec.networkPolicy.${port}`, [])).length) errs.push(`Keycloak ${k.metadata.name}: the operator's NetworkPolicy would open the ${port} port to every source`);
      }
    }
    for (const k of byKind(objs, "Infinispan")) if (get(k, "spec.expose")) errs.push(`Infinispan ${k.metadata.name}: spec.expose makes it reachable from outside`);
    return errs;
  },

  // The paths the platform needs are open: egress on the source side and ingress on the destination side.
  flows(objs) {
    const errs = [];
    const ns = (objs.find((o) => o.metadata?.namespace) || { metadata: { namespace: "platform" } }).metadata.namespace;
    const pods = {
      "ingress-nginx": { ns: "ingress-nginx", labels: { [NAME]: "ingress-nginx" } },
      "kube-dns": { ns: "kube-system", labels: { "k8s-app": "kube-dns" } },
    };
    for (const d of byKind(objs, "Deployment")) pods[d.metadata.name] = { ns, labels: d.spec.template.metadata.labels };
    for (const [k, labels] of Object.entries(OPERATOR_PODS)) pods[k] = { ns, labels };
    pods.prometheus = { ns: MONITORING.ns, labels: MONITORING.labels };
    for (const [k, o] of Object.entries(OPERATORS)) pods[`operator-${k}`] = { ns: o.ns, labels: o.labels };
    const nps = byKind(objs, "NetworkPolicy");
    const portOk = (ports, port, proto) => !ports || !ports.length || ports.some((p) => (p.protocol || "TCP") === proto && (p.port === undefined || p.port === port || (p.endPort && port >= p.port && port <= p.endPort)));
    const peerOk = (peer, other, policyNs) => {
      if (peer.ipBlock) return false;
      const nsOk = peer.namespaceSelector ? labelsMatch(peer.namespaceSelector, { "kubernetes.io/metadata.name": other.ns }) || emptySelector(peer.namespaceSelector) : other.ns === policyNs;
      const podOk = peer.podSelector ? labelsMatch(peer.podSelector, other.labels) || emptySelector(peer.podSelector) : true;
      return nsOk && podOk;
    };
    const allowed = (dir, self, other, port, proto) => {
      if (self.ns !== ns) return true; // outside this namespace: not governed by these policies
      const type = dir === "egress" ? "Egress" : "Ingress";
      const applying = nps.filter((p) => (p.spec.policyTypes || (type === "Ingress" ? ["Ingress"] : [])).includes(type) && (labelsMatch(p.spec.podSelector, self.labels) || emptySelector(p.spec.podSelector)));
      if (!applying.length) return true; // not isolated
      return applying.some((p) => (p.spec[dir] || []).some((r) => {
        const peers = dir === "egress" ? r.to : r.from;
        return portOk(r.ports, port, proto) && (!peers || !peers.length || peers.some((peer) => peerOk(peer, other, ns)));
      }));
    };
    const hasInfra = byKind(objs, "Kafka").length > 0;
    const derived = derivedFlows(objs);
    errs.push(...derived.errs);
    for (const [from, to, port, proto, why] of derived.flows) {
      const a = pods[from], b = pods[to];
      if (!a || !b) { errs.push(`${from} -> ${to}:${port} (${why}): unknown pod`); continue; }
      if (!hasInfra && (OPERATOR_PODS[from] || OPERATOR_PODS[to])) continue; // infrastructure not in this kustomization
      const kdns = proto === "UDP" && to === "kube-dns";
      for (const pr of kdns ? ["UDP", "TCP"] : [proto]) {
        if (!allowed("egress", a, b, port, pr)) errs.push(`${from} -> ${to}:${port}/${pr} (${why}): no NetworkPolicy allows the egress`);
        if (!allowed("ingress", b, a, port, pr)) errs.push(`${from} -> ${to}:${port}/${pr} (${why}): no NetworkPolicy allows the ingress`);
      }
    }
    return errs;
  },

  // Monitoring (prometheus-operator, Grafana): every service scraped once, on its management port at /q/metrics; the
  // PrometheusRule is the rules file; dashboards are JSON that show every topic and read only rules that exist.
  monitoring(objs, overlay) {
    const errs = [];
    const monitors = [...byKind(objs, "ServiceMonitor"), ...byKind(objs, "PodMonitor")];
    const prs = byKind(objs, "PrometheusRule");
    const dashboards = byKind(objs, "ConfigMap").filter((c) => get(c, "metadata.labels", {})[DASHBOARD_LABEL] === "1");
    if (overlay === "prod" && !monitors.length) errs.push("prod renders no ServiceMonitor or PodMonitor (include k8s/components/monitoring)");
    if (!monitors.length && !prs.length && !dashboards.length) return errs;
    const { scrapes, errs: scrapeErrs } = monitorScrapes(objs);
    errs.push(...scrapeErrs);
    for (const d of byKind(objs, "Deployment")) {
      if (!SERVICES[d.metadata.name]) continue;
      const props = prodProperties(d.metadata.name);
      const mgmt = Number(props["quarkus.management.port"] ?? 9000);
      const mine = scrapes.filter((x) => x.deployment === d.metadata.name);
      if (!mine.length) errs.push(`Deployment ${d.metadata.name}: no ServiceMonitor or PodMonitor scrapes it`);
      if (mine.length > 1) errs.push(`Deployment ${d.metadata.name}: scraped ${mine.length} times (${mine.map((x) => x.by).join(", ")}): every series would be duplicated`);
      for (const x of mine) {
        if (x.port !== mgmt) errs.push(`${x.by}: scrapes ${d.metadata.name} on port ${x.port ?? "?"}, not its management port ${mgmt} (/q/metrics is served there only)`);
        if (x.path !== METRICS_PATH) errs.push(`${x.by}: scrapes ${d.metadata.name} at ${x.path}, not ${METRICS_PATH}`);
      }
    }
    const groups = sourceRuleGroups();
    if (prs.length !== 1) errs.push(`${prs.length} PrometheusRules rendered (want 1, generated from ${path.relative(repo, RULES_FILE)})`);
    for (const pr of prs) if (canon(pr.spec.groups) !== canon(groups)) errs.push(`PrometheusRule ${pr.metadata.name}: groups differ from ${path.relative(repo, RULES_FILE)}`);
    const recorded = recordedNames({ groups });
    const shown = new Set(), uids = new Set();
    if (!dashboards.length) errs.push("no Grafana dashboard ConfigMap (label grafana_dashboard)");
    for (const cm of dashboards) {
      for (const [key, text] of Object.entries(cm.data || {})) {
        const at = `ConfigMap ${cm.metadata.name} ${key}`;
        let d;
        try { d = JSON.parse(text); } catch (e) { errs.push(`${at}: not JSON (${e.message})`); continue; }
        if (!d.uid || !d.title || !Array.isArray(d.panels)) { errs.push(`${at}: a dashboard needs uid, title and panels`); continue; }
        if (uids.has(d.uid)) errs.push(`${at}: uid ${d.uid} used by another dashboard (Grafana keeps only one)`);
        uids.add(d.uid);
        const exprs = dashboardExprs(d);
        if (!exprs.some((e) => !/variable/.test(e.at))) errs.push(`${at}: no panel queries anything`);
        for (const { at: where, expr } of exprs) {
          let depth = 0;
          for (const ch of expr.replace(/"(?:[^"\\]|\\.)*"/g, "")) { if ("([{".includes(ch)) depth++; else if (")]}".includes(ch)) depth--; if (depth < 0) break; }
          if (depth !== 0) errs.push(`${at} ${where}: unbalanced brackets in ${expr}`);
          for (const n of metricNames(expr)) {
            shown.add(n);
            if (n.includes(":") && !recorded.has(n)) errs.push(`${at} ${where}: reads ${n}, which no rule of ${path.relative(repo, RULES_FILE)} records`);
          }
        }
      }
    }
    if (dashboards.length) for (const [topic, metric] of Object.entries(DASHBOARD_TOPICS)) if (!shown.has(metric)) errs.push(`no dashboard shows ${topic} (${metric})`);
    return errs;
  },

  // Configuration: names match the Dockerfiles' images, env keys the services read, Secrets documented or shipped.
  config(objs, overlay) {
    const errs = [];
    const readme = fs.existsSync(README) ? fs.readFileSync(README, "utf8") : "";
    const secrets = byKind(objs, "Secret");
    for (const d of byKind(objs, "Deployment")) {
      const svc = SERVICES[d.metadata.name];
      const n = `Deployment ${d.metadata.name}`;
      if (!svc) { errs.push(`${n}: not one of the platform's services`); continue; }
      const c = d.spec.template.spec.containers.find((x) => x.name === d.metadata.name);
      if (!c) { errs.push(`${n}: no container named after the service`); continue; }
      const m = /^(.+)\/([^/:]+):([^:@]+)$/.exec(c.image || "");
      if (!m || m[1] !== IMAGE_REPO || m[2] !== d.metadata.name) errs.push(`${n}: image ${c.image} is not ${IMAGE_REPO}/${d.metadata.name}:<version>`);
      const dockerfile = path.join(repo, d.metadata.name, "src/main/docker/Dockerfile.jvm");
      if (!fs.existsSync(dockerfile)) errs.push(`${n}: ${d.metadata.name}/src/main/docker/Dockerfile.jvm (the image's source) is missing`);
      else {
        // The image and the pod agree: user, port, fast-jar layout, pinned base image.
        const df = fs.readFileSync(dockerfile, "utf8");
        const user = (/^USER\s+(\d+)/m.exec(df) || [])[1];
        const runAs = get(c, "securityContext.runAsUser") ?? get(d, "spec.template.spec.securityContext.runAsUser");
        if (!user || Number(user) === 0 || Number(user) !== runAs) errs.push(`${n}: runAsUser ${runAs} differs from the Dockerfile's USER ${user}`);
        if (!new RegExp(`^EXPOSE\\s+.*\\b${HTTP_PORT}\\b`, "m").test(df)) errs.push(`${n}: Dockerfile does not EXPOSE ${HTTP_PORT}`);
        if (!/target\/quarkus-app\//.test(df) || !/quarkus-run\.jar/.test(df)) errs.push(`${n}: Dockerfile does not ship the Quarkus fast-jar (target/quarkus-app)`);
        const from = (/^FROM\s+(\S+)/m.exec(df) || [])[1] || "";
        if (!/:[^:/]+$/.test(from) || from.endsWith(":latest")) errs.push(`${n}: Dockerfile base image ${from} is not pinned`);
      }
      const cms = (c.envFrom || []).map((e) => get(e, "configMapRef.name")).filter(Boolean).map((name) => byKind(objs, "ConfigMap").find((x) => x.metadata.name === name));
      if (cms.some((x) => !x)) errs.push(`${n}: envFrom references a ConfigMap that is not rendered`);
      const keys = new Set([...cms.filter(Boolean).flatMap((x) => Object.keys(x.data || {})), ...(c.env || []).map((e) => e.name)]);
      for (const k of svc.config) if (!keys.has(k)) errs.push(`${n}: configuration key ${k} missing`);
      // Every ${VAR} without a default that the service's prod profile reads must be provided.
      const propsFile = path.join(repo, d.metadata.name, "src/main/resources/application.properties");
      if (fs.existsSync(propsFile)) {
        for (const line of fs.readFileSync(propsFile, "utf8").split("\n")) {
          if (/^\s*#/.test(line) || /^\s*%(?!prod\.)\w+\./.test(line)) continue;
          for (const m of line.matchAll(/\$\{([A-Z][A-Z0-9_]*)\}/g)) if (!keys.has(m[1]) && !(overlay === "base" && OVERLAY_SETTINGS.includes(m[1]))) errs.push(`${n}: ${m[1]} (read without a default by ${d.metadata.name}'s application.properties) is not set`);
        }
      }
      const cmData = Object.assign({}, ...cms.filter(Boolean).map((x) => x.data || {}));
      for (const [k, target] of Object.entries(svc.upstreams || {})) {
        const want = `http://${target}:${HTTP_PORT}`;
        if (cmData[k] !== want || !byKind(objs, "Service").some((x) => x.metadata.name === target)) errs.push(`${n}: ${k}=${cmData[k]} (want ${want}, a rendered Service)`);
      }
      for (const k of svc.secrets) {
        const e = (c.env || []).find((x) => x.name === k);
        const ref = get(e || {}, "valueFrom.secretKeyRef");
        if (!ref) { errs.push(`${n}: ${k} does not come from a Secret`); continue; }
        if (!readme.includes(ref.name)) errs.push(`${n}: Secret ${ref.name} is not documented in k8s/README.md`);
        // Strimzi writes the Secret of a KafkaUser (same name, keys password and sasl.jaas.config).
        const kafkaUser = byKind(objs, "KafkaUser").find((x) => x.metadata.name === ref.name);
        if (kafkaUser) {
          if (!["password", "sasl.jaas.config"].includes(ref.key)) errs.push(`${n}: ${k} reads key ${ref.key} of KafkaUser ${ref.name}'s Secret, which Strimzi does not write`);
          if (overlay === "dev" && !get(kafkaUser, "spec.authentication.password.valueFrom.secretKeyRef")) errs.push(`${n}: the dev KafkaUser ${ref.name} has no dev password`);
        } else if (overlay === "dev") {
          const s = secrets.find((x) => x.metadata.name === ref.name);
          if (!s || !(ref.key in { ...(s.data || {}), ...(s.stringData || {}) })) errs.push(`${n}: dev overlay does not ship Secret ${ref.name} key ${ref.key}`);
        }
      }
      // The proxies whose X-Forwarded-For is believed: the overlay's pod CIDR, never a catch-all guess.
      if (overlay !== "base" && d.metadata.name === PUBLIC_SERVICE) {
        const tp = String(keys.has("GATEWAY_TRUSTED_PROXIES") ? (Object.assign({}, ...cms.filter(Boolean).map((x) => x.data || {}))).GATEWAY_TRUSTED_PROXIES ?? "" : "");
        for (const cidr of tp.split(",").map((s) => s.trim())) {
          const m = /^(\d+\.\d+\.\d+\.\d+|[0-9a-fA-F:]+)\/(\d+)$/.exec(cidr);
          if (!m) errs.push(`${n}: GATEWAY_TRUSTED_PROXIES "${cidr}" is not a CIDR (set the cluster's pod CIDR in the overlay)`);
          else if (Number(m[2]) < 12) errs.push(`${n}: GATEWAY_TRUSTED_PROXIES ${cidr} is wider than any pod CIDR (set the cluster's own, README "Client addresses")`);
        }
      }
      for (const e of c.env || []) if (e.value && /password|secret/i.test(e.name) && !e.name.startsWith("JAVA")) errs.push(`${n}: ${e.name} has a literal value (use a Secret)`);
    }
    if (overlay !== "dev") {
      for (const s of secrets) errs.push(`Secret ${s.metadata.name}: ${overlay} must not ship Secrets (create them out of band, README "Secrets")`);
      const walk = (v, at) => {
        if (typeof v === "string") { if (/dev[-_ ]?only|dev-password/i.test(v)) errs.push(`${at}: dev-only value in ${overlay} ("${v.slice(0, 40)}")`); }
        else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, `${at}.${k}`);
      };
      for (const o of objs) walk(o, `${o.kind} ${o.metadata.name}`);
    }
    const nss = new Set(objs.filter((o) => o.kind !== "Namespace").map((o) => o.metadata.namespace));
    if (overlay !== "base" && (nss.size !== 1 || nss.has(undefined))) errs.push(`objects are not in one namespace (${[...nss].join(", ")}): the services use short DNS names`);
    return errs;
  },

  // Infrastructure: names the services use, topics of shared-contracts, caches, realm = local-dev realm.
  infrastructure(objs, overlay) {
    const errs = [];
    const has = (kind, name) => byKind(objs, kind).some((o) => o.metadata.name === name);
    if (!byKind(objs, "Kafka").length && !byKind(objs, "Cluster").length) return errs; // overlay without the component
    for (const [kind, name] of [["Kafka", "platform-kafka"], ["Infinispan", "platform-infinispan"], ["Keycloak", "platform-keycloak"], ["Cluster", "platform-postgres"], ["KeycloakRealmImport", "platform-realm"]]) {
      if (!has(kind, name)) errs.push(`${kind} ${name} missing`);
    }
    // The services' connection settings name the operators' Services (renaming a cluster breaks them).
    const kafka = byKind(objs, "Kafka")[0], pg = byKind(objs, "Cluster")[0], ispn = byKind(objs, "Infinispan")[0], kc = byKind(objs, "Keycloak")[0];
    const realmName = get(byKind(objs, "KeycloakRealmImport")[0] || {}, "spec.realm.realm");
    const plain = get(kafka || {}, "spec.kafka.listeners", []).find((l) => !l.tls);
    const kcUrl = kc && `http://${kc.metadata.name}-service:${get(kc, "spec.http.httpPort", 8080)}`;
    const expect = {
      DB_HOST: pg && `${pg.metadata.name}-rw`,
      // The read datasource: CloudNativePG's Service of the hot standbys (never the primary's).
      DB_READ_HOST: pg && `${pg.metadata.name}-ro`,
      KAFKA_BOOTSTRAP_SERVERS: kafka && plain && `${kafka.metadata.name}-kafka-bootstrap:${plain.port}`,
      INFINISPAN_HOSTS: ispn && `${ispn.metadata.name}:11222`,
      OIDC_AUTH_SERVER_URL: kcUrl && realmName && `${kcUrl}/realms/${realmName}`,
      QUARKUS_KEYCLOAK_ADMIN_CLIENT_SERVER_URL: kcUrl,
    };
    // One issuer: Keycloak's hostname is the public URL its Ingress serves, every service validates that issuer, and
    // fetches keys in the cluster (backchannelDynamic answers in-cluster requests with in-cluster URLs).
    if (kc) {
      const hostname = get(kc, "spec.hostname.hostname");
      const ing = byKind(objs, "Ingress").find((i) => (i.spec.rules || []).some((r) => get(r, "http.paths", []).some((p) => get(p, "backend.service.name") === `${kc.metadata.name}-service`)));
      const publicHost = ing && get(ing, "spec.rules.0.host");
      if (!ing) errs.push(`Keycloak ${kc.metadata.name}: no Ingress routes its realm endpoints (clients cannot obtain tokens)`);
      else if (hostname !== `https://${publicHost}`) errs.push(`Keycloak ${kc.metadata.name}: hostname ${hostname} is not https://${publicHost}, the host of Ingress ${ing.metadata.name}`);
      if (get(kc, "spec.hostname.backchannelDynamic") !== true) errs.push(`Keycloak ${kc.metadata.name}: hostname.backchannelDynamic must be true (the services fetch keys at ${kcUrl})`);
      for (const cm of byKind(objs, "ConfigMap")) {
        if (cm.data && "OIDC_AUTH_SERVER_URL" in cm.data && cm.data.OIDC_TOKEN_ISSUER !== `${hostname}/realms/${realmName}`) errs.push(`ConfigMap ${cm.metadata.name}: OIDC_TOKEN_ISSUER=${cm.data.OIDC_TOKEN_ISSUER} is not the issuer Keycloak puts in tokens (${hostname}/realms/${realmName})`);
      }
    }
    // Backups: WAL archive and base backups to the object store the overlay names; a Pooler on an existing cluster.
    for (const c of byKind(objs, "Cluster")) {
      const dest = get(c, "spec.backup.barmanObjectStore.destinationPath");
      if (!dest) errs.push(`Cluster ${c.metadata.name}: no backup.barmanObjectStore (no WAL archive, no point-in-time recovery)`);
      else if (/BUCKET/.test(dest)) errs.push(`Cluster ${c.metadata.name}: backup destinationPath ${dest} is the placeholder (the overlay names its object store)`);
      if (!byKind(objs, "ScheduledBackup").some((s) => get(s, "spec.cluster.name") === c.metadata.name && !get(s, "spec.suspend"))) errs.push(`Cluster ${c.metadata.name}: no active ScheduledBackup`);
    }
    for (const s of byKind(objs, "ScheduledBackup")) {
      const c = byKind(objs, "Cluster").find((x) => x.metadata.name === get(s, "spec.cluster.name"));
      if (!c) errs.push(`ScheduledBackup ${s.metadata.name}: cluster ${get(s, "spec.cluster.name")} does not exist`);
      else if ((s.spec.method ?? "barmanObjectStore") === "barmanObjectStore" && !get(c, "spec.backup.barmanObjectStore")) errs.push(`ScheduledBackup ${s.metadata.name}: method barmanObjectStore but Cluster ${c.metadata.name} has no barmanObjectStore`);
    }
    for (const p of byKind(objs, "Pooler")) if (!byKind(objs, "Cluster").some((c) => c.metadata.name === get(p, "spec.cluster.name"))) errs.push(`Pooler ${p.metadata.name}: cluster ${get(p, "spec.cluster.name")} does not exist`);
    for (const cm of byKind(objs, "ConfigMap")) {
      for (const [k, want] of Object.entries(expect)) {
        if (want && cm.data && k in cm.data && cm.data[k] !== want) errs.push(`ConfigMap ${cm.metadata.name}: ${k}=${cm.data[k]} but the infrastructure serves ${want}`);
      }
    }
    // Least privilege (issue 16): every Kafka client signs in and gets only its KafkaUser's ACLs; a service writes
    // only its own topics (named after it) and nothing cluster-wide.
    if (kafka) {
      if (get(plain || {}, "authentication.type") !== "scram-sha-512") errs.push(`Kafka ${kafka.metadata.name}: listener ${plain?.name} must authenticate clients (scram-sha-512)`);
      if (get(kafka, "spec.kafka.authorization.type") !== "simple") errs.push(`Kafka ${kafka.metadata.name}: authorization must be simple (ACLs of the KafkaUsers)`);
    }
    for (const cm of byKind(objs, "ConfigMap")) {
      const user = cm.data?.KAFKA_USERNAME;
      if (!user) continue;
      const service = cm.metadata.name.replace(/-config(-[a-z0-9]+)?$/, "");
      const ku = byKind(objs, "KafkaUser").find((x) => x.metadata.name === user);
      if (!ku) { errs.push(`ConfigMap ${cm.metadata.name}: KAFKA_USERNAME ${user} has no KafkaUser`); continue; }
      if (user !== service) errs.push(`KafkaUser ${user}: used by ${service}; one user per service, named after it`);
      for (const acl of get(ku, "spec.authorization.acls", [])) {
        const r = acl.resource || {};
        const ops = acl.operations || (acl.operation ? [acl.operation] : []);
        if (r.type === "cluster" || ops.includes("All")) errs.push(`KafkaUser ${user}: ${ops.join(",")} on ${r.type} ${r.name || ""} is wider than a service needs`);
        const owns = r.type === "topic" && (r.name.split(".")[0] === service || `${r.name.split(".")[0]}-service` === service);
        if (r.type === "topic" && ops.some((op) => ["Write", "Create", "Delete", "Alter", "AlterConfigs"].includes(op)) && !owns) errs.push(`KafkaUser ${user}: may ${ops.join(",")} topic ${r.name}, which belongs to another service`);
        if (r.type === "topic" && r.patternType === "prefix") errs.push(`KafkaUser ${user}: topic ACLs name topics literally (prefix ${r.name})`);
      }
    }
    // Infinispan: only cache-service may create and reconcile caches (admin); the others read and write entries
    // (application, no CREATE).
    const identities = byKind(objs, "Secret").find((x) => x.metadata.name === get(ispn || {}, "spec.security.endpointSecretName"));
    if (identities) {
      const raw = identities.stringData?.["identities.yaml"] ?? Buffer.from(identities.data?.["identities.yaml"] || "", "base64").toString("utf8");
      const roles = Object.fromEntries((YAML.parse(raw)?.credentials || []).map((c) => [c.username, c.roles || []]));
      for (const d of byKind(objs, "Deployment")) {
        const ref = get((container(objs, d.metadata.name)?.env || []).find((e) => e.name === "INFINISPAN_USERNAME") || {}, "valueFrom.secretKeyRef");
        if (!ref) continue;
        const sec = byKind(objs, "Secret").find((x) => x.metadata.name === ref.name);
        const user = sec && (sec.stringData?.[ref.key] ?? Buffer.from(sec.data?.[ref.key] || "", "base64").toString("utf8"));
        const allowed = d.metadata.name === "cache-service" ? ["admin"] : ["application"];
        const has = roles[user] || [];
        if (!user || !has.length) errs.push(`Deployment ${d.metadata.name}: Infinispan user ${user} has no identity in ${identities.metadata.name}`);
        else if (has.some((r) => !allowed.includes(r))) errs.push(`Deployment ${d.metadata.name}: Infinispan user ${user} has roles ${has.join(",")}; least privilege is ${allowed.join(",")}`);
      }
    }
    const topicsJava = fs.readFileSync(path.join(repo, "shared-contracts/src/main/java/io/scalableapi/contracts/events/Topics.java"), "utf8");
    const topics = [...topicsJava.matchAll(/String \w+ = "([^"]+)"/g)].map((m) => m[1]);
    const declared = byKind(objs, "KafkaTopic").map((t) => t.spec.topicName || t.metadata.name);
    for (const t of topics) if (!declared.includes(t)) errs.push(`KafkaTopic for ${t} (shared-contracts Topics) missing`);
    const brokers = byKind(objs, "KafkaNodePool").filter((p) => p.spec.roles.includes("broker")).reduce((a, p) => a + p.spec.replicas, 0);
    for (const t of byKind(objs, "KafkaTopic")) {
      if ((t.metadata.labels || {})["strimzi.io/cluster"] !== "platform-kafka") errs.push(`KafkaTopic ${t.metadata.name}: not labelled strimzi.io/cluster=platform-kafka`);
      if (!t.spec.partitions || !get(t, "spec.config")?.["retention.ms"]) errs.push(`KafkaTopic ${t.metadata.name}: partitions and retention.ms must be explicit`);
      if (t.spec.replicas > brokers) errs.push(`KafkaTopic ${t.metadata.name}: replicas ${t.spec.replicas} > ${brokers} brokers`);
      const isr = Number(get(t, "spec.config")?.["min.insync.replicas"] ?? 1);
      if (isr > t.spec.replicas || (t.spec.replicas > 1 && isr >= t.spec.replicas)) errs.push(`KafkaTopic ${t.metadata.name}: min.insync.replicas ${isr} leaves no room for a broker failure with ${t.spec.replicas} replicas`);
    }
    for (const p of byKind(objs, "KafkaNodePool")) if (get(p, "metadata.labels")?.["strimzi.io/cluster"] !== "platform-kafka") errs.push(`KafkaNodePool ${p.metadata.name}: not labelled strimzi.io/cluster=platform-kafka`);
    for (const name of CACHES) {
      const c = byKind(objs, "Cache").find((x) => (x.spec.name || x.metadata.name) === name);
      if (!c) { errs.push(`Infinispan Cache ${name} missing`); continue; }
      if (c.spec.clusterName !== "platform-infinispan") errs.push(`Cache ${name}: clusterName ${c.spec.clusterName}`);
      let tpl;
      try { tpl = JSON.parse(c.spec.template); } catch { errs.push(`Cache ${name}: template is not JSON`); continue; }
      const dc = tpl["distributed-cache"];
      if (!dc || dc.owners !== 2) errs.push(`Cache ${name}: must be a distributed cache with 2 owners`);
      const def = JSON.parse(fs.readFileSync(CACHES_JSON, "utf8"))[name];
      if (canon(tpl) !== canon(def)) errs.push(`Cache ${name}: template differs from shared-contracts platform-caches.json`);
    }
    // PostgreSQL connections at every HPA maximum plus the rollout's surge must fit max_connections (minus the
    // superuser reserve) on each instance: on the primary the services' pools, one replica monitor connection per pod
    // that reads from a standby, and Keycloak's pool; on a standby the read pools and monitors of all pods (with one
    // standby down, the -ro Service sends every read to the other).
    for (const c of byKind(objs, "Cluster")) {
      const maxConn = Number(get(c, "spec.postgresql.parameters", {}).max_connections ?? 100);
      let primary = 10, standby = 10; // streaming replication, CNPG instance manager, monitoring
      const onPrimary = [], onStandby = [];
      for (const d of byKind(objs, "Deployment")) {
        const props = path.join(repo, d.metadata.name, "src/main/resources/application.properties");
        if (!fs.existsSync(props)) continue;
        const text = fs.readFileSync(props, "utf8");
        if (!/^quarkus\.datasource\.db-kind=postgresql/m.test(text)) continue;
        const pool = Number((/^(?:%prod\.)?quarkus\.datasource\.jdbc\.max-size=(\d+)/m.exec(text) || [0, 20])[1]);
        const reads = /^quarkus\.datasource\.replica\.db-kind=postgresql/m.test(text);
        const readPool = reads ? Number((/^(?:%prod\.)?quarkus\.datasource\.replica\.jdbc\.max-size=(\d+)/m.exec(text) || [0, 20])[1]) : 0;
        const h = byKind(objs, "HorizontalPodAutoscaler").find((x) => x.spec.scaleTargetRef.name === d.metadata.name);
        const so = byKind(objs, "ScaledObject").find((x) => x.spec.scaleTargetRef?.name === d.metadata.name);
        const surge = get(d, "spec.strategy.rollingUpdate.maxSurge", 1);
        const max = h ? h.spec.maxReplicas : so ? so.spec.maxReplicaCount ?? 100 : 1;
        const pods = max + (typeof surge === "string" ? Math.ceil((max * parseInt(surge, 10)) / 100) : surge);
        primary += pods * (pool + (reads ? 1 : 0));
        onPrimary.push(`${d.metadata.name} ${pods}x${pool + (reads ? 1 : 0)}`);
        if (reads) {
          standby += pods * (readPool + 1);
          onStandby.push(`${d.metadata.name} ${pods}x${readPool + 1}`);
        }
      }
      for (const k of byKind(objs, "Keycloak")) { primary += (k.spec.instances ?? 1) * (get(k, "spec.db.poolMaxSize") ?? 100); onPrimary.push(`keycloak ${k.spec.instances ?? 1}x${get(k, "spec.db.poolMaxSize") ?? 100}`); }
      if (primary > maxConn - 3) errs.push(`Cluster ${c.metadata.name}: max_connections ${maxConn} < ${primary} connections on the primary at every HPA maximum plus surge (${onPrimary.join(" + ")} + 10)`);
      if ((c.spec.instances ?? 1) > 1 && standby > maxConn - 3) errs.push(`Cluster ${c.metadata.name}: max_connections ${maxConn} < ${standby} connections on one standby at every HPA maximum plus surge (${onStandby.join(" + ")} + 10)`);
      // Without a standby the -ro Service has no endpoints: the services must not try to read from it.
      if ((c.spec.instances ?? 1) < 2) {
        for (const cm of byKind(objs, "ConfigMap")) {
          if (cm.data && "DB_READ_HOST" in cm.data && cm.data.PLATFORM_READ_REPLICA_ENABLED !== "false") errs.push(`ConfigMap ${cm.metadata.name}: Cluster ${c.metadata.name} has no standby, so PLATFORM_READ_REPLICA_ENABLED must be "false"`);
        }
      }
    }
    if (overlay === "prod") {
      for (const i of byKind(objs, "Infinispan")) if (i.spec.replicas < 3) errs.push(`Infinispan ${i.metadata.name}: ${i.spec.replicas} pods (>= 3 in prod)`);
      for (const c of byKind(objs, "Cluster")) if (c.spec.instances < 2) errs.push(`Cluster ${c.metadata.name}: no replica`);
    }
    // The realm import is the local-dev realm (dev), or it with the documented prod replacements (prod).
    const realm = JSON.parse(fs.readFileSync(REALM_JSON, "utf8"));
    const imp = byKind(objs, "KeycloakRealmImport").find((x) => x.metadata.name === "platform-realm");
    if (imp) {
      if (imp.spec.keycloakCRName !== "platform-keycloak") errs.push(`KeycloakRealmImport: keycloakCRName ${imp.spec.keycloakCRName}`);
      const r = structuredClone(imp.spec.realm);
      if (overlay === "prod") {
        for (const c of r.clients || []) {
          if (c.publicClient === false) {
            const m = /^\$\{([A-Z0-9_]+)\}$/.exec(c.secret || "");
            if (!m || !get(imp, "spec.placeholders", {})[m[1]]) errs.push(`KeycloakRealmImport prod: client ${c.clientId} secret is not a placeholder bound to a Secret`);
            const orig = realm.clients.find((x) => x.clientId === c.clientId);
            if (orig) c.secret = orig.secret;
          }
        }
        for (const u of r.users || []) if (u.credentials) errs.push(`KeycloakRealmImport prod: user ${u.username} ships credentials`);
        // No password grant, no redirects to a developer's machine, brute-force protection on.
        if (r.bruteForceProtected !== true) errs.push("KeycloakRealmImport prod: bruteForceProtected is not true");
        for (const c of r.clients || []) {
          if (c.directAccessGrantsEnabled !== false) errs.push(`KeycloakRealmImport prod: client ${c.clientId} allows the password grant (directAccessGrantsEnabled)`);
          for (const u of [...(c.redirectUris || []), ...(c.webOrigins || [])]) if (/localhost|127\.0\.0\.1|\[::1\]/.test(u)) errs.push(`KeycloakRealmImport prod: client ${c.clientId} accepts ${u}`);
          const orig = realm.clients.find((x) => x.clientId === c.clientId);
          if (orig) for (const k of ["directAccessGrantsEnabled", "redirectUris", "webOrigins", "attributes"]) { if (k in orig) c[k] = orig[k]; else delete c[k]; }
        }
        for (const k of ["bruteForceProtected", "failureFactor", "permanentLockout", "maxFailureWaitSeconds"]) { if (k in realm) r[k] = realm[k]; else delete r[k]; }
        // Verification mails go through a relay named by a Secret, never the dev realm's local SMTP sink.
        if (realm.verifyEmail === true) {
          const smtp = r.smtpServer || {};
          for (const k of ["host", "port", "from", "user", "password"]) {
            const m = /^\$\{([A-Z0-9_]+)\}$/.exec(String(smtp[k] ?? ""));
            if (!m || !get(imp, "spec.placeholders", {})[m[1]]) errs.push(`KeycloakRealmImport prod: smtpServer.${k} is not a placeholder bound to a Secret`);
          }
          if (smtp.auth !== "true" || (smtp.starttls !== "true" && smtp.ssl !== "true")) errs.push("KeycloakRealmImport prod: smtpServer without authentication and TLS");
        }
        if ("smtpServer" in realm) r.smtpServer = realm.smtpServer; else delete r.smtpServer;
        // users with credentials (dev people) are removed in prod; everything else must be the dev realm
        r.users = (r.users || []);
        const expectUsers = realm.users.filter((u) => !u.credentials);
        if (canon(r.users) !== canon(expectUsers)) errs.push("KeycloakRealmImport prod: users differ from the dev realm's service accounts");
        r.users = realm.users;
        r.displayName = realm.displayName;
      }
      if (canon(r) !== canon(realm)) errs.push(`KeycloakRealmImport: realm differs from ${path.relative(repo, REALM_JSON)}`);
    }
    return errs;
  },
};

// ---------------------------------------------------------------------------------------------------------------
async function checkObjects(objs, overlay) {
  const result = { schema: [], crd: [], skippedCustom: 0, builtin: 0, custom: 0, rules: {} };
  for (const o of objs) {
    const id = `${o.kind} ${o.metadata?.name}`;
    if (isBuiltin(o)) {
      result.builtin++;
      for (const e of await validateBuiltin(o)) result.schema.push(`${id}: ${e}`);
    } else if (schemasAvailable) {
      result.custom++;
      for (const e of validateCustom(o)) result.crd.push(`${id}: ${e}`);
    } else result.skippedCustom++;
  }
  for (const [name, rule] of Object.entries(RULES)) {
    try { result.rules[name] = rule(objs, overlay); } catch (e) { result.rules[name] = [`rule crashed: ${e.stack}`]; }
  }
  return result;
}
const failures = (r) => [...r.schema.map((e) => `[schema] ${e}`), ...r.crd.map((e) => `[crd] ${e}`), ...Object.entries(r.rules).flatMap(([k, v]) => v.map((e) => `[${k}] ${e}`))];

// Mutations: each breaks one thing on purpose; the check must report it under the named category.
const find = (objs, kind, name) => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`self-test: ${kind} ${name} not rendered`);
  return o;
};
const container = (objs, name) => find(objs, "Deployment", name).spec.template.spec.containers[0];
const MUTATIONS = [
  ["selectors", "Deployment selector that matches no pod template", (o) => { find(o, "Deployment", "catalog-service").spec.selector.matchLabels["app.kubernetes.io/name"] = "catalog"; }],
  ["selectors", "Service selector typo", (o) => { find(o, "Service", "user-service").spec.selector["app.kubernetes.io/name"] = "users-service"; }],
  ["selectors", "PodDisruptionBudget selecting nothing", (o) => { find(o, "PodDisruptionBudget", "cache-service").spec.selector.matchLabels = { app: "cache" }; }],
  ["hpa", "HPA target that does not exist", (o) => { find(o, "HorizontalPodAutoscaler", "catalog-service").spec.scaleTargetRef.name = "catalog"; }],
  ["hpa", "HPA target container without CPU request", (o) => { delete container(o, "user-service").resources.requests.cpu; }],
  ["hpa", "Deployment fixes spec.replicas under an HPA", (o) => { find(o, "Deployment", "catalog-service").spec.replicas = 3; }],
  ["hpa", "scale-down without stabilisation (flapping)", (o) => { find(o, "HorizontalPodAutoscaler", "gateway-service").spec.behavior.scaleDown.stabilizationWindowSeconds = 0; }],
  ["hpa", "unbounded scale-up", (o) => { find(o, "HorizontalPodAutoscaler", "gateway-service").spec.behavior.scaleUp.selectPolicy = "Max"; }],
  ["hpa", "gateway with a single replica in prod", (o) => { find(o, "HorizontalPodAutoscaler", "gateway-service").spec.minReplicas = 1; }, "prod"],
  ["hpa", "consumer back on a CPU HPA beside its ScaledObject", (o) => { const h = structuredClone(find(o, "HorizontalPodAutoscaler", "user-service")); h.metadata.name = "cache-service"; h.spec.scaleTargetRef.name = "cache-service"; o.push(h); }],
  ["keda", "ScaledObject maxReplicaCount above topic partitions", (o) => { find(o, "ScaledObject", "cache-service").spec.maxReplicaCount = 40; }, "prod"],
  ["keda", "topic partitions reduced below the consumer's maxReplicaCount", (o) => { find(o, "KafkaTopic", "user-events-v1").spec.partitions = 4; }, "prod"],
  ["keda", "Kafka trigger on another consumer group", (o) => { find(o, "ScaledObject", "cache-service").spec.triggers[0].metadata.consumerGroup = "cache"; }],
  ["keda", "consumed topic without a trigger", (o) => { find(o, "ScaledObject", "cache-service").spec.triggers.pop(); }],
  ["keda", "ScaledObject target that does not exist", (o) => { find(o, "ScaledObject", "cache-service").spec.scaleTargetRef.name = "cache"; }],
  ["keda", "ScaledObject scaling to zero", (o) => { find(o, "ScaledObject", "cache-service").spec.minReplicaCount = 0; }],
  ["keda", "scaler without its TriggerAuthentication", (o) => { o.splice(o.findIndex((x) => x.kind === "TriggerAuthentication"), 1); }],
  ["keda", "unbounded scale-up of KEDA's HPA", (o) => { find(o, "ScaledObject", "cache-service").spec.advanced.horizontalPodAutoscalerConfig.behavior.scaleUp.selectPolicy = "Max"; }],
  ["crd", "ScaledObject unknown field (spec.maxReplicas)", (o) => { find(o, "ScaledObject", "cache-service").spec.maxReplicas = 8; }],
  ["crd", "TriggerAuthentication wrong type (secretTargetRef as an object)", (o) => { const a = find(o, "TriggerAuthentication", "cache-service-kafka"); a.spec.secretTargetRef = a.spec.secretTargetRef[0]; }],
  ["flows", "KEDA cannot read the consumer lag from Kafka", (o) => { const p = find(o, "NetworkPolicy", "platform-kafka"); p.spec.ingress = p.spec.ingress.filter((r) => !(r.from || []).some((x) => x.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "keda")); }],
  ["probes", "readiness probe on a path the service does not serve", (o) => { container(o, "catalog-service").readinessProbe.httpGet.path = "/health/ready"; }],
  ["probes", "liveness probe on a port the service does not serve", (o) => { container(o, "gateway-service").livenessProbe.httpGet.port = 9999; }],
  ["probes", "readiness probe on the API port (no /q there)", (o) => { container(o, "catalog-service").readinessProbe.httpGet.port = "http"; }],
  ["probes", "Prometheus scraping the API port", (o) => { find(o, "Deployment", "user-service").spec.template.metadata.annotations["prometheus.io/port"] = "8080"; }],
  ["probes", "Service without the management port", (o) => { const s = find(o, "Service", "cache-service"); s.spec.ports = s.spec.ports.filter((p) => p.name !== "management"); }],
  ["probes", "startup probe missing", (o) => { delete container(o, "cache-service").startupProbe; }],
  ["probes", "Service targetPort not served", (o) => { find(o, "Service", "catalog-service").spec.ports[0].targetPort = 8081; }],
  ["security", "writable root filesystem", (o) => { container(o, "gateway-service").securityContext.readOnlyRootFilesystem = false; }],
  ["security", "capabilities not dropped", (o) => { container(o, "catalog-service").securityContext.capabilities = { add: ["NET_ADMIN"] }; }],
  ["security", "root allowed", (o) => { const d = find(o, "Deployment", "user-service"); d.spec.template.spec.securityContext.runAsNonRoot = false; delete d.spec.template.spec.containers[0].securityContext.runAsNonRoot; }],
  ["security", "privilege escalation allowed", (o) => { container(o, "cache-service").securityContext.allowPrivilegeEscalation = true; }],
  ["security", "no seccomp profile", (o) => { const d = find(o, "Deployment", "cache-service"); delete d.spec.template.spec.securityContext.seccompProfile; delete d.spec.template.spec.containers[0].securityContext.seccompProfile; }],
  ["security", "service-account token mounted", (o) => { find(o, "Deployment", "gateway-service").spec.template.spec.automountServiceAccountToken = true; }],
  ["security", "grace period shorter than preStop + shutdown", (o) => { find(o, "Deployment", "catalog-service").spec.template.spec.terminationGracePeriodSeconds = 30; }],
  ["security", "JVM heap not container-aware", (o) => { const e = container(o, "user-service").env.find((x) => x.name === "JAVA_OPTS_APPEND"); e.value = e.value.replace(/-XX:MaxRAMPercentage=\S+/, ""); }],
  ["security", "hard node spread counting tainted nodes", (o) => { delete find(o, "Deployment", "gateway-service").spec.template.spec.topologySpreadConstraints[0].nodeTaintsPolicy; }, "prod"],
  ["security", "memory limit below heap + measured non-heap (384Mi at 75 %)", (o) => { const c = container(o, "catalog-service"); c.resources.limits.memory = c.resources.requests.memory = "384Mi"; const e = c.env.find((x) => x.name === "JAVA_OPTS_APPEND"); e.value = e.value.replace(/-XX:MaxRAMPercentage=\S+/, "-XX:MaxRAMPercentage=75.0"); }],
  ["security", "memory limit missing", (o) => { delete container(o, "gateway-service").resources.limits.memory; }],
  ["network", "default deny removed", (o) => { o.splice(o.findIndex((x) => x.kind === "NetworkPolicy" && x.metadata.name === "default-deny-all"), 1); }],
  ["network", "backend opened to other namespaces", (o) => { find(o, "NetworkPolicy", "backend-services").spec.ingress.push({ from: [{ namespaceSelector: {} }] }); }],
  ["network", "backend opened to every source", (o) => { find(o, "NetworkPolicy", "backend-services").spec.ingress.push({ ports: [{ port: 8080, protocol: "TCP" }] }); }],
  ["flows", "gateway cannot reach catalog-service (egress rule dropped)", (o) => { find(o, "NetworkPolicy", "gateway-service").spec.egress.shift(); }],
  ["flows", "cache-service -> catalog-service removed (catalog admits only the gateway again)", (o) => { o.splice(o.findIndex((x) => x.kind === "NetworkPolicy" && x.metadata.name === "catalog-service-from-cache-service"), 1); }],
  ["flows", "cache-service -> catalog-service egress removed", (o) => { o.splice(o.findIndex((x) => x.kind === "NetworkPolicy" && x.metadata.name === "cache-service-to-catalog-service"), 1); }],
  ["flows", "gateway's OpenAPI fetch from the backends' management port closed", (o) => { const r = find(o, "NetworkPolicy", "backend-services").spec.ingress[0]; r.ports = r.ports.filter((p) => p.port !== 9000); }],
  ["flows", "a service pointed at a host that does not exist", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("cache-service-config")); cm.data.CATALOG_URL = "http://catalog:8080"; }],
  ["flows", "Prometheus no longer admitted", (o) => { o.splice(o.findIndex((x) => x.kind === "NetworkPolicy" && x.metadata.name === "allow-prometheus-scrape"), 1); }],
  ["flows", "an operator cut off from its pods", (o) => { find(o, "NetworkPolicy", "platform-postgres").spec.ingress.splice(2, 1); }],
  ["network", "Prometheus admitted on the API port", (o) => { find(o, "NetworkPolicy", "allow-prometheus-scrape").spec.ingress[0].ports.push({ protocol: "TCP", port: 8080 }); }],
  ["network", "operators admitted by a namespace label anyone can set", (o) => { find(o, "NetworkPolicy", "platform-kafka").spec.ingress[2].from = [{ namespaceSelector: { matchLabels: { "scalableapi.io/operators": "true" } } }]; }],
  ["network", "operator admitted by namespace without its pod labels", (o) => { delete find(o, "NetworkPolicy", "platform-infinispan").spec.ingress[2].from[0].podSelector; }],
  ["network", "infrastructure egress to any address on 443", (o) => { find(o, "NetworkPolicy", "platform-postgres").spec.egress.push({ ports: [{ protocol: "TCP", port: 443 }] }); }],
  ["network", "API server egress widened to a /8", (o) => { find(o, "NetworkPolicy", "platform-kafka-kube-apiserver").spec.egress[0].to[0].ipBlock.cidr = "10.0.0.0/8"; }],
  ["network", "Ingress routes / (metrics, docs, anything new)", (o) => { find(o, "Ingress", "gateway-service").spec.rules[0].http.paths[0].path = "/"; }],
  ["network", "Keycloak's admin console made public", (o) => { find(o, "Ingress", "platform-keycloak").spec.rules[0].http.paths[0].path = "/admin/"; }],
  ["flows", "DNS egress policy removed", (o) => { o.splice(o.findIndex((x) => x.kind === "NetworkPolicy" && x.metadata.name === "allow-dns-egress"), 1); }],
  ["flows", "realm import Job cut off from PostgreSQL", (o) => { o.splice(o.findIndex((x) => x.kind === "NetworkPolicy" && x.metadata.name === "platform-keycloak-realm-import"), 1); }],
  ["flows", "Kafka no longer admits the services", (o) => { find(o, "NetworkPolicy", "platform-kafka").spec.ingress.splice(1, 1); }],
  ["network", "backend egress to anywhere", (o) => { find(o, "NetworkPolicy", "backend-services").spec.egress.push({ ports: [{ port: 443, protocol: "TCP" }] }); }],
  ["network", "namespace-wide policy admitting operator namespaces (reaches the services too)", (o) => { o.push({ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "x", namespace: o[0].metadata.namespace }, spec: { podSelector: {}, policyTypes: ["Ingress"], ingress: [{ from: [{ namespaceSelector: { matchLabels: { [OPERATOR_NS_LABEL]: "true" } } }] }] } }); }],
  ["network", "Service of type LoadBalancer", (o) => { find(o, "Service", "user-service").spec.type = "LoadBalancer"; }],
  ["network", "Ingress exposing a backend", (o) => { find(o, "Ingress", "gateway-service").spec.rules[0].http.paths[0].backend.service.name = "catalog-service"; }],
  ["network", "gateway policy admits any namespace", (o) => { find(o, "NetworkPolicy", "gateway-service").spec.ingress[0].from[0] = { namespaceSelector: {} }; }],
  ["network", "Kafka listener without networkPolicyPeers", (o) => { delete find(o, "Kafka", "platform-kafka").spec.kafka.listeners[0].networkPolicyPeers; }],
  ["network", "Keycloak exposed through the operator's Ingress", (o) => { find(o, "Keycloak", "platform-keycloak").spec.ingress.enabled = true; }],
  ["schema", "unknown field (spec.replica)", (o) => { find(o, "Deployment", "catalog-service").spec.replica = 2; }],
  ["schema", "unknown field deep in a container (readinessProbe.httpGet.paht)", (o) => { container(o, "gateway-service").readinessProbe.httpGet.paht = "/x"; }],
  ["schema", "wrong type (containerPort as text)", (o) => { container(o, "cache-service").ports[0].containerPort = "eighty"; }],
  ["schema", "invalid enum (imagePullPolicy)", (o) => { container(o, "user-service").imagePullPolicy = "Sometimes"; }],
  ["schema", "invalid quantity (memory 1GB)", (o) => { container(o, "user-service").resources.requests.memory = "1 GB"; }],
  ["crd", "KafkaTopic unknown field (spec.partition)", (o) => { const t = find(o, "KafkaTopic", "catalog-events-v1"); t.spec.partition = t.spec.partitions; }],
  ["crd", "Infinispan wrong type (replicas as text)", (o) => { find(o, "Infinispan", "platform-infinispan").spec.replicas = "three"; }],
  ["crd", "Kafka listener invalid enum (type)", (o) => { find(o, "Kafka", "platform-kafka").spec.kafka.listeners[0].type = "public"; }],
  ["crd", "CloudNativePG Cluster unknown field", (o) => { find(o, "Cluster", "platform-postgres").spec.replicas = 3; }],
  ["crd", "custom resource with an unknown metadata field (metadata.label)", (o) => { find(o, "KafkaTopic", "user-events-v1").metadata.label = { "strimzi.io/cluster": "platform-kafka" }; }],
  ["network", "Keycloak operator NetworkPolicy enabled without peers", (o) => { find(o, "Keycloak", "platform-keycloak").spec.networkPolicy.enabled = true; }],
  ["crd", "Keycloak unknown field", (o) => { find(o, "Keycloak", "platform-keycloak").spec.instance = 2; }],
  ["config", "prod ships a Secret with a dev value", (o) => { o.push({ apiVersion: "v1", kind: "Secret", metadata: { name: "gateway-oidc-client", namespace: o[0].metadata.namespace }, stringData: { "client-secret": "gateway-dev-only-secret" } }); }, "prod"],
  ["config", "image not built from the service's Dockerfile", (o) => { container(o, "catalog-service").image = "docker.io/library/catalog:0.1.0"; }],
  ["config", "pod user differs from the image's USER", (o) => { const d = find(o, "Deployment", "user-service"); d.spec.template.spec.securityContext.runAsUser = 1000; d.spec.template.spec.containers[0].securityContext.runAsUser = 1000; }],
  ["infrastructure", "catalog-service's KafkaUser may write user.events.v1", (o) => { find(o, "KafkaUser", "catalog-service").spec.authorization.acls.push({ resource: { type: "topic", name: "user.events.v1", patternType: "literal" }, operations: ["Write"] }); }],
  ["infrastructure", "Kafka listener without client authentication", (o) => { delete find(o, "Kafka", "platform-kafka").spec.kafka.listeners[0].authentication; }],
  ["infrastructure", "gateway's Infinispan user may create caches", (o) => { const s = find(o, "Secret", "platform-infinispan-identities"); const y = Buffer.from(s.data["identities.yaml"], "base64").toString("utf8").replace(/- application/, "- deployer"); s.data["identities.yaml"] = Buffer.from(y).toString("base64"); }, "dev"],
  ["config", "missing configuration key", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("cache-service-config")); delete cm.data.KAFKA_BOOTSTRAP_SERVERS; }],
  ["config", "gateway upstream pointing at a Service that does not exist", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("gateway-service-config")); cm.data.GATEWAY_UPSTREAMS_USER_URLS = "http://users:8080"; }],
  ["config", "prod setting without a default not provided", (o) => { const e = container(o, "catalog-service").env; e.splice(e.findIndex((x) => x.name === "CATALOG_CURSOR_SECRET"), 1); }],
  ["config", "password as literal env", (o) => { const e = container(o, "catalog-service").env.find((x) => x.name === "DB_PASSWORD"); delete e.valueFrom; e.value = "hunter2"; }],
  ["infrastructure", "realm drifted from the local-dev realm", (o) => { find(o, "KeycloakRealmImport", "platform-realm").spec.realm.accessTokenLifespan = 3600; }],
  ["infrastructure", "HPA maximum beyond PostgreSQL max_connections", (o) => { find(o, "HorizontalPodAutoscaler", "catalog-service").spec.maxReplicas = 30; }, "prod"],
  ["infrastructure", "service pointed at the PostgreSQL replicas' Service", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("catalog-service-config")); cm.data.DB_HOST = "platform-postgres-ro"; }],
  ["infrastructure", "read datasource pointed at the primary's Service", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("user-service-config")); cm.data.DB_READ_HOST = "platform-postgres-rw"; }],
  ["infrastructure", "read replica on without a standby", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("catalog-service-config")); delete cm.data.PLATFORM_READ_REPLICA_ENABLED; }, "dev"],
  ["infrastructure", "Kafka cluster renamed without the services", (o) => { find(o, "Kafka", "platform-kafka").metadata.name = "kafka"; }],
  ["infrastructure", "Keycloak hostname differs from the issuer the services expect", (o) => { find(o, "Keycloak", "platform-keycloak").spec.hostname.hostname = "https://login.example.org"; }],
  ["infrastructure", "a service validating another issuer", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("user-service-config")); cm.data.OIDC_TOKEN_ISSUER = "http://platform-keycloak-service:8080/realms/platform"; }],
  ["infrastructure", "Keycloak answering in-cluster requests with public URLs", (o) => { find(o, "Keycloak", "platform-keycloak").spec.hostname.backchannelDynamic = false; }],
  ["infrastructure", "no WAL archive", (o) => { delete find(o, "Cluster", "platform-postgres").spec.backup; }],
  ["infrastructure", "object store left at the placeholder", (o) => { find(o, "Cluster", "platform-postgres").spec.backup.barmanObjectStore.destinationPath = "s3://BUCKET/platform-postgres"; }],
  ["infrastructure", "ScheduledBackup of a cluster that does not exist", (o) => { find(o, "ScheduledBackup", "platform-postgres-daily").spec.cluster.name = "postgres"; }],
  ["infrastructure", "Pooler of a cluster that does not exist", (o) => { find(o, "Pooler", "platform-postgres-pooler-rw").spec.cluster.name = "postgres"; }],
  ["infrastructure", "prod realm with the password grant", (o) => { find(o, "KeycloakRealmImport", "platform-realm").spec.realm.clients[0].directAccessGrantsEnabled = true; }, "prod"],
  ["infrastructure", "prod realm redirecting to localhost", (o) => { find(o, "KeycloakRealmImport", "platform-realm").spec.realm.clients[0].redirectUris.push("http://localhost/*"); }, "prod"],
  ["infrastructure", "prod realm without brute-force protection", (o) => { find(o, "KeycloakRealmImport", "platform-realm").spec.realm.bruteForceProtected = false; }, "prod"],
  ["crd", "ScheduledBackup unknown field (spec.schedules)", (o) => { const s = find(o, "ScheduledBackup", "platform-postgres-daily"); s.spec.schedules = s.spec.schedule; }],
  ["crd", "Pooler invalid enum (poolMode)", (o) => { find(o, "Pooler", "platform-postgres-pooler-rw").spec.pgbouncer.poolMode = "statement-ish"; }],
  ["crd", "Cluster backup retention in the wrong form", (o) => { find(o, "Cluster", "platform-postgres").spec.backup.retentionPolicy = "30 days"; }],
  ["config", "trusted proxies left at a catch-all range", (o) => { const cm = o.find((x) => x.kind === "ConfigMap" && x.metadata.name.startsWith("gateway-service-config")); cm.data.GATEWAY_TRUSTED_PROXIES = "0.0.0.0/0"; }],
  ["infrastructure", "topic of shared-contracts missing", (o) => { o.splice(o.findIndex((x) => x.kind === "KafkaTopic" && x.metadata.name === "user-events-v1"), 1); }],
  ["infrastructure", "cache with one owner", (o) => { const c = find(o, "Cache", "user-profiles"); c.spec.template = c.spec.template.replace('"owners":2', '"owners":1'); }],
  ["infrastructure", "prod realm with a dev user's password", (o) => { find(o, "KeycloakRealmImport", "platform-realm").spec.realm.users.push({ username: "eve", credentials: [{ type: "password", value: "x" }] }); }, "prod"],
  // Monitoring (k8s/components/monitoring, in prod).
  ["monitoring", "prod without the monitoring component", (o) => { for (const k of ["ServiceMonitor", "PrometheusRule"]) o.splice(o.findIndex((x) => x.kind === k), 1); }, "prod"],
  ["monitoring", "ServiceMonitor scraping the API port", (o) => { find(o, "ServiceMonitor", "scalableapi-services").spec.endpoints[0].port = "http"; }, "prod"],
  ["monitoring", "ServiceMonitor at /metrics (Quarkus serves /q/metrics)", (o) => { find(o, "ServiceMonitor", "scalableapi-services").spec.endpoints[0].path = "/metrics"; }, "prod"],
  ["monitoring", "a service no monitor scrapes", (o) => { const e = find(o, "ServiceMonitor", "scalableapi-services").spec.selector.matchExpressions[0]; e.values = e.values.filter((v) => v !== "cache-service"); }, "prod"],
  ["monitoring", "a service scraped twice (PodMonitor beside the ServiceMonitor)", (o) => { o.push({ apiVersion: "monitoring.coreos.com/v1", kind: "PodMonitor", metadata: { name: "gateway", namespace: find(o, "Deployment", "gateway-service").metadata.namespace }, spec: { selector: { matchLabels: { [NAME]: "gateway-service" } }, podMetricsEndpoints: [{ port: "management", path: "/q/metrics" }] } }); }, "prod"],
  ["monitoring", "PrometheusRule edited by hand (drifted from the rules file)", (o) => { const r = find(o, "PrometheusRule", "scalableapi-platform").spec.groups[0].rules.find((x) => x.alert); r.expr = String(r.expr).replace("0.05", "0.5"); }, "prod"],
  ["monitoring", "dashboard that is not JSON", (o) => { const c = find(o, "ConfigMap", "scalableapi-dashboard-jvm"); c.data["jvm.json"] = c.data["jvm.json"].slice(0, -3); }, "prod"],
  ["monitoring", "dashboard reading a recording rule nobody records", (o) => { const c = find(o, "ConfigMap", "scalableapi-dashboard-gateway"); c.data["gateway.json"] = c.data["gateway.json"].replace("route:gateway_requests:error_ratio5m", "route:gateway_requests:errors5m"); }, "prod"],
  ["monitoring", "dashboards no longer show the consumer lag", (o) => { const c = find(o, "ConfigMap", "scalableapi-dashboard-events"); const d = JSON.parse(c.data["events.json"]); d.panels = d.panels.filter((p) => !(p.targets || []).some((t) => t.expr.includes("kafka_consumer"))); c.data["events.json"] = JSON.stringify(d); }, "prod"],
  ["monitoring", "two dashboards with one uid", (o) => { const c = find(o, "ConfigMap", "scalableapi-dashboard-jvm"); c.data["jvm.json"] = c.data["jvm.json"].replace('"uid": "scalableapi-jvm"', '"uid": "scalableapi-gateway"'); }, "prod"],
  ["crd", "ServiceMonitor unknown field (spec.endpoint)", (o) => { const m = find(o, "ServiceMonitor", "scalableapi-services"); m.spec.endpoint = m.spec.endpoints[0]; }, "prod"],
  ["crd", "ServiceMonitor scrape interval that is no duration", (o) => { find(o, "ServiceMonitor", "scalableapi-services").spec.endpoints[0].interval = "30 seconds"; }, "prod"],
  ["crd", "PrometheusRule rule with an unknown field (expression)", (o) => { const r = find(o, "PrometheusRule", "scalableapi-platform").spec.groups[0].rules[0]; r.expression = r.expr; }, "prod"],
  ["flows", "Prometheus not admitted to the management port the ServiceMonitor scrapes", (o) => { for (const d of byKind(o, "Deployment")) delete d.spec.template.metadata.annotations; o.splice(o.findIndex((x) => x.kind === "NetworkPolicy" && x.metadata.name === "allow-prometheus-scrape"), 1); }, "prod"],
];

// ---------------------------------------------------------------------------------------------------------------
async function main() {
  let passed = 0, failed = 0;
  const fail = (msg) => { failed++; console.log(`FAIL ${msg}`); };
  const pass = (msg) => { passed++; if (verbose) console.log(`ok   ${msg}`); };

  // Derived files (realm import, caches) must match their single source.
  for (const [file, text, source] of GENERATED) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (current !== text()) fail(`${path.relative(repo, file)} is not generated from ${path.relative(repo, source)} (run scripts/k8s-check.sh --write-generated)`);
    else pass(`${path.relative(repo, file)} matches ${path.relative(repo, source)}`);
  }

  loadCrdSchemas();
  if (!schemasAvailable) console.log(`WARN ${schemasDir} not found: custom resources (operators) SKIPPED, built-in kinds still checked`);

  const rendered = {}, baseline = {};
  let objects = 0, builtin = 0, custom = 0, skipped = 0, ruleChecks = 0;
  for (const dir of kustomizations()) {
    const overlay = path.basename(dir);
    const rel = path.relative(repo, dir);
    let objs;
    try { objs = render(dir); } catch (e) { fail(`render ${rel}: ${(e.stderr || e.message).toString().trim()}`); continue; }
    pass(`render ${rel} (${objs.length} objects)`);
    rendered[overlay] = objs;
    const r = await checkObjects(objs, overlay);
    baseline[overlay] = r;
    objects += objs.length; builtin += r.builtin; custom += r.custom; skipped += r.skippedCustom;
    const errs = failures(r);
    for (const e of errs) fail(`${rel}: ${e}`);
    passed += objs.length - new Set([...r.schema, ...r.crd].map((e) => e.split(":")[0])).size;
    for (const [name, v] of Object.entries(r.rules)) { ruleChecks++; if (!v.length) pass(`${rel}: rule ${name}`); }
    const df = derivedFlows(objs).flows;
    console.log(`rendered ${rel}: ${objs.length} objects (${r.builtin} built-in, ${r.custom} custom${r.skippedCustom ? `, ${r.skippedCustom} custom skipped` : ""}), ${df.length} network flows derived from the configuration, ${errs.length} problems`);
    if (verbose) for (const [from, to, port, proto, why] of df) console.log(`  flow ${from} -> ${to}:${port}/${proto}  (${why})`);
  }

  let caught = 0, mutations = 0;
  if (!args.has("--no-self-test") && (failed === 0 || args.has("--force-self-test"))) {
    // A kustomization that does not build must fail the render step.
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-check-"));
    try {
      fs.cpSync(path.join(repo, "k8s"), path.join(scratch, "k8s"), { recursive: true });
      const kfile = path.join(scratch, "k8s/base/catalog-service/kustomization.yaml");
      fs.writeFileSync(kfile, fs.readFileSync(kfile, "utf8").replace("- hpa.yaml", "- hpa-renamed.yaml"));
      mutations++;
      try { render(path.join(scratch, "k8s/overlays/prod")); fail("self-test [render] broken kustomization rendered without error"); }
      catch (e) { caught++; pass("self-test [render] broken kustomization fails to render"); if (verbose) console.log(`  caught: ${String(e.stderr || e.message).trim().split("\n")[0].slice(0, 200)}`); }
    } finally { fs.rmSync(scratch, { recursive: true, force: true }); }

    for (const [category, desc, mutate, only] of MUTATIONS) {
      for (const overlay of only ? [only] : ["dev", "prod"]) {
        if (!rendered[overlay]) { fail(`self-test: overlay ${overlay} not rendered`); continue; }
        if (category === "crd" && !schemasAvailable) continue;
        mutations++;
        const objs = structuredClone(rendered[overlay]);
        try { mutate(objs); } catch (e) { fail(`self-test [${category}] ${desc} (${overlay}): mutation failed: ${e.message}`); continue; }
        const r = await checkObjects(objs, overlay);
        const pick = (x) => (category === "schema" ? x.schema : category === "crd" ? x.crd : x.rules[category] || []);
        // Only errors the unmutated overlay does not have count: the mutation itself must be what is caught.
        const before = new Set(pick(baseline[overlay]));
        const got = pick(r).filter((e) => !before.has(e));
        if (got.length) { caught++; pass(`self-test [${category}] ${desc} (${overlay})`); if (verbose) console.log(`  caught: ${got[0]}`); }
        else fail(`self-test [${category}] ${desc} (${overlay}): NOT detected`);
      }
    }
  }

  console.log(`k8s-check summary: ${Object.keys(rendered).length} kustomizations rendered (kubectl ${kubectlVersion()}), ${objects} objects: ${builtin} built-in validated against Kubernetes schemas incl. unknown fields, ${custom} custom resources validated against CRD schemas${skipped ? `, ${skipped} custom resources SKIPPED (no schemas)` : ""}; ${ruleChecks} semantic rule runs; ${mutations ? `self-test: ${caught}/${mutations} mutations caught` : "self-test not run" + (failed ? " (fix the failures above first)" : "")}`);
  console.log(`k8s-check: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
function kubectlVersion() {
  try { return JSON.parse(execFileSync(kubectl, ["version", "--client", "-o", "json"], { encoding: "utf8" })).clientVersion.gitVersion; } catch { return "?"; }
}
await main();
