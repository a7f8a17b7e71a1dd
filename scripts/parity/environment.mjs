// Production parity (issue 16): the environment each service's container gets from the rendered prod overlay,
// turned into what `java -jar` of the packaged app gets on this machine.
//
//   node scripts/parity/environment.mjs <prod.yaml> <dev.yaml> <out-dir>
//
// Reads the rendered prod overlay (Deployments, ConfigMaps) and takes Secret values from the rendered dev overlay
// (its DEV ONLY Secrets, the same values as the local servers; an operator-written Secret, such as Strimzi's for a
// KafkaUser, from the dev password the operator would use). Writes, per service, <out-dir>/<service>.env (one
// KEY=value per line, exactly the container's environment after the mapping below) and <out-dir>/<service>.json
// (JVM options, memory limit, probe paths, local ports).
//
// The only differences from the cluster, all explicit here:
//  - in-cluster Service names become 127.0.0.1 and their local ports (ENDPOINTS), and Keycloak's public URL the
//    local Keycloak's (the issuer of the local tokens);
//  - each service listens on its own local ports (LOCAL_PORTS), since four of them share one host;
//  - the pod's memory limit becomes -XX:MaxRAM, so MaxRAMPercentage sizes the heap as in the container.
// Anything else the Deployment asks for that cannot be given here (an unknown valueFrom, a Secret the dev overlay
// does not have, a cluster host name left in a value) fails the run instead of being guessed.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const tools = process.env.K8S_CHECK_TOOLS || path.join(repo, ".local", "k8s-tools");
const YAML = createRequire(path.join(tools, "package.json"))("yaml");

export const SERVICES = ["catalog-service", "user-service", "cache-service", "gateway-service"];

// Local ports per service (API, management): the same as scripts/run.sh.
export const LOCAL_PORTS = {
  "gateway-service": { http: 8080, management: 9000 },
  "catalog-service": { http: 8081, management: 9001 },
  "user-service": { http: 8082, management: 9002 },
  "cache-service": { http: 8083, management: 9003 },
};
const CLUSTER_MANAGEMENT_PORT = 9000;

// In-cluster endpoint (Service name and port) -> the local server (scripts/infra.sh, scripts/run.sh).
const ENDPOINTS = [
  ["platform-postgres-rw", 5432, "127.0.0.1", 5432],
  ["platform-postgres-ro", 5432, "127.0.0.1", 5433],
  ["platform-postgres-pooler-rw", 5432, "127.0.0.1", 5432],
  ["platform-kafka-kafka-bootstrap", 9092, "127.0.0.1", 9092],
  ["platform-infinispan", 11222, "127.0.0.1", 11222],
  ["platform-keycloak-service", 8080, "127.0.0.1", 8180],
  // The cluster's trace backend (namespace observability) -> scripts/infra.sh's zipkin.
  ["zipkin.observability.svc", 9411, "127.0.0.1", 9411],
  ...SERVICES.map((s) => [s, 8080, "127.0.0.1", LOCAL_PORTS[s].http]),
  ...SERVICES.map((s) => [s, CLUSTER_MANAGEMENT_PORT, "127.0.0.1", LOCAL_PORTS[s].management]),
];
const LOCAL_KEYCLOAK = "http://127.0.0.1:8180";
// Variables that hold a bare host name whose port comes from a companion variable (default: the cluster port).
const PORT_OF = { DB_HOST: "DB_PORT", DB_READ_HOST: "DB_READ_PORT" };

function load(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, "utf8")).map((d) => d.toJS()).filter(Boolean);
}

function bytes(quantity) {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity));
  if (!m) throw new Error(`memory quantity ${quantity} not understood`);
  const unit = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2]] || 1;
  return Math.round(Number(m[1]) * unit);
}

/** Rewrites every in-cluster endpoint in one value; a bare host name keeps the cluster port unless mapped. */
export function mapValue(name, value, env) {
  let out = value;
  const holdsHost = /(HOST|HOSTS|URL|URLS|URI|SERVERS)$/.test(name);
  for (const [host, port, lhost, lport] of ENDPOINTS) {
    out = out.replace(new RegExp(`(?<![\\w.-])${host}:${port}(?![\\d])`, "g"), `${lhost}:${lport}`);
    if (holdsHost && out === host) {
      out = lhost;
      if (lport !== port) {
        const portVar = PORT_OF[name];
        if (!portVar) throw new Error(`${name}=${host}: the local port differs (${lport}) and no port variable carries it`);
        env[portVar] = String(lport);
      }
    }
  }
  // Left over: a cluster host with another port, or in a URL without one.
  for (const [host] of ENDPOINTS) {
    if (new RegExp(`(?<![\\w.-])${host}(:\\d+|/|$)`).test(out) && (holdsHost || /:\/\//.test(out))) {
      throw new Error(`${name}=${value}: names ${host} in a form the parity run cannot map`);
    }
  }
  return out;
}

export function environmentOf(service, prod, dev) {
  const deployment = prod.find((o) => o.kind === "Deployment" && o.metadata.name === service);
  if (!deployment) throw new Error(`no Deployment ${service} in the prod overlay`);
  const container = deployment.spec.template.spec.containers.find((c) => c.name === service)
    || deployment.spec.template.spec.containers[0];
  const configMap = (name) => {
    const cm = prod.find((o) => o.kind === "ConfigMap" && o.metadata.name === name);
    if (!cm) throw new Error(`${service}: ConfigMap ${name} is not in the prod overlay`);
    return cm.data || {};
  };
  const secret = (name, key) => {
    const s = dev.find((o) => o.kind === "Secret" && o.metadata.name === name);
    const kafkaUser = dev.find((o) => o.kind === "KafkaUser" && o.metadata.name === name);
    if (!s && kafkaUser) {
      // The Secret Strimzi writes for a KafkaUser: its password is the one the dev overlay's KafkaUser names.
      const ref = kafkaUser.spec.authentication?.password?.valueFrom?.secretKeyRef;
      if (!ref) throw new Error(`${service}: KafkaUser ${name} has no dev password (k8s/overlays/dev)`);
      const password = secret(ref.name, ref.key);
      if (key === "password") return password;
      if (key === "sasl.jaas.config") return `org.apache.kafka.common.security.scram.ScramLoginModule required username="${name}" password="${password}";`;
      throw new Error(`${service}: Strimzi's Secret ${name} has no key ${key}`);
    }
    if (!s) throw new Error(`${service}: Secret ${name} has no dev value (k8s/overlays/dev)`);
    if (s.stringData && key in s.stringData) return s.stringData[key];
    if (s.data && key in s.data) return Buffer.from(s.data[key], "base64").toString("utf8");
    throw new Error(`${service}: Secret ${name} has no key ${key} in the dev overlay`);
  };
  const raw = {};
  for (const from of container.envFrom || []) {
    if (from.configMapRef) Object.assign(raw, Object.fromEntries(Object.entries(configMap(from.configMapRef.name)).map(([k, v]) => [(from.prefix || "") + k, v])));
    else if (from.secretRef) throw new Error(`${service}: envFrom secretRef ${from.secretRef.name} not supported by the parity run`);
  }
  for (const e of container.env || []) {
    if ("value" in e) raw[e.name] = String(e.value);
    else if (e.valueFrom?.configMapKeyRef) raw[e.name] = configMap(e.valueFrom.configMapKeyRef.name)[e.valueFrom.configMapKeyRef.key];
    else if (e.valueFrom?.secretKeyRef) raw[e.name] = secret(e.valueFrom.secretKeyRef.name, e.valueFrom.secretKeyRef.key);
    else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.name") raw[e.name] = `${service}-parity-0`;
    else if (e.valueFrom?.fieldRef?.fieldPath === "metadata.namespace") raw[e.name] = deployment.metadata.namespace || "default";
    else throw new Error(`${service}: env ${e.name} has a source the parity run cannot give: ${JSON.stringify(e.valueFrom)}`);
  }
  // Keycloak's public URL (its hostname, the issuer of every token) is the local Keycloak's own URL here.
  const publicKeycloak = prod.find((o) => o.kind === "Keycloak")?.spec?.hostname?.hostname;
  const env = {};
  for (const [k, v] of Object.entries(raw)) {
    const local = publicKeycloak ? v.split(publicKeycloak).join(LOCAL_KEYCLOAK) : v;
    env[k] = mapValue(k, local, env);
  }

  const ports = Object.fromEntries((container.ports || []).map((p) => [p.name, p.containerPort]));
  const local = LOCAL_PORTS[service];
  const localPortOf = (p) => {
    const number = typeof p === "number" ? p : ports[p];
    if (number === ports.http || p === "http") return local.http;
    return local.management;
  };
  // The listening ports themselves: the one setting the cluster cannot give four services on one host.
  env.QUARKUS_HTTP_PORT = String(local.http);
  if (Object.keys(ports).some((n) => n !== "http")) env.QUARKUS_MANAGEMENT_PORT = String(local.management);
  const probe = (p) => p?.httpGet && { path: p.httpGet.path, port: localPortOf(p.httpGet.port) };
  const limit = container.resources?.limits?.memory;
  return {
    env,
    run: {
      javaOptions: (env.JAVA_OPTS_APPEND || "").split(/\s+/).filter(Boolean),
      maxRamBytes: limit ? bytes(limit) : null,
      memoryLimit: limit || null,
      readiness: probe(container.readinessProbe),
      liveness: probe(container.livenessProbe),
      startup: probe(container.startupProbe),
      ports: local,
      runAsUser: container.securityContext?.runAsUser ?? deployment.spec.template.spec.securityContext?.runAsUser,
      readOnlyRootFilesystem: container.securityContext?.readOnlyRootFilesystem === true,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [prodFile, devFile, outDir] = process.argv.slice(2);
  if (!outDir) {
    console.error("usage: environment.mjs <prod.yaml> <dev.yaml> <out-dir>");
    process.exit(2);
  }
  const prod = load(prodFile);
  const dev = load(devFile);
  fs.mkdirSync(outDir, { recursive: true });
  for (const service of SERVICES) {
    const { env, run } = environmentOf(service, prod, dev);
    for (const [k, v] of Object.entries(env)) {
      if (/[\n\0]/.test(v)) throw new Error(`${service}: ${k} holds a newline`);
    }
    fs.writeFileSync(path.join(outDir, `${service}.env`), Object.entries(env).map(([k, v]) => `${k}=${v}`).join("\n") + "\n");
    fs.writeFileSync(path.join(outDir, `${service}.json`), JSON.stringify(run, null, 2) + "\n");
  }
}
