// Every metric the rules (monitoring/rules/platform.rules.yml) and the Grafana dashboards
// (k8s/components/monitoring/dashboards/*.json) read must be one that a running service exposes, a name the rules
// record themselves, or an entry of monitoring/metrics-allowlist.txt (each with its reason). A renamed meter, a typo
// in a rule or a dashboard then fails here instead of leaving an alert that can never fire.
//
//   node scripts/monitoring/metrics-check.mjs [--wait SECONDS] <metrics URL>...   (scripts/monitoring.sh check-metrics)
//
// --wait: while a name is missing, scrape again every 5 s up to SECONDS. Some meters appear only some time after the
// service is ready: Micrometer's Kafka binder binds the consumer's per-partition metrics (records_lag) when it next
// refreshes the client's metric list, once a minute, after the partitions were assigned and fetched.
//
// Prints each problem, then `monitoring metrics: N passed, M failed`; exit status 1 on any failure.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { metricNames, dashboardExprs, recordedNames } from "./promql.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const tools = process.env.K8S_CHECK_TOOLS || path.join(repo, ".local", "k8s-tools");
const YAML = createRequire(path.join(tools, "package.json"))("yaml");

export const RULES_FILE = path.join(repo, "monitoring/rules/platform.rules.yml");
export const DASHBOARDS_DIR = path.join(repo, "k8s/components/monitoring/dashboards");
export const ALLOWLIST_FILE = path.join(repo, "monitoring/metrics-allowlist.txt");

/** name -> reason, from the allow-list (`name  # reason`; lines starting with # are comments). */
export function allowList(file = ALLOWLIST_FILE) {
  const out = new Map();
  for (const raw of fs.readFileSync(file, "utf8").split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const [name, ...reason] = line.split("#");
    out.set(name.trim(), reason.join("#").trim());
  }
  return out;
}

/** Every metric read by the rules and dashboards: name -> where. */
export function referencedMetrics() {
  const rules = YAML.parse(fs.readFileSync(RULES_FILE, "utf8"));
  const refs = new Map();
  const add = (expr, at) => { for (const n of metricNames(expr)) refs.set(n, [...(refs.get(n) || []), at]); };
  for (const g of rules.groups) for (const r of g.rules) add(r.expr, `rule ${r.record || r.alert} (group ${g.name})`);
  for (const f of fs.readdirSync(DASHBOARDS_DIR).filter((x) => x.endsWith(".json")).sort()) {
    for (const { at, expr } of dashboardExprs(JSON.parse(fs.readFileSync(path.join(DASHBOARDS_DIR, f), "utf8")))) add(expr, `${f}: ${at}`);
  }
  return { refs, recorded: recordedNames(rules) };
}

/** The sample names in a Prometheus text exposition. */
export function exposedNames(text) {
  const names = new Set();
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z_:][A-Za-z0-9_:]*)[{\s]/.exec(line);
    if (m) names.add(m[1]);
  }
  return names;
}

async function scrapeAll(urls) {
  const exposed = new Set(), lines = [];
  let ok = 0, failed = 0;
  for (const url of urls) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const names = exposedNames(await res.text());
      names.forEach((n) => exposed.add(n));
      ok++;
      lines.push(`scraped ${url}: ${names.size} metric names`);
    } catch (e) { failed++; lines.push(`FAIL scrape ${url}: ${e.message}`); }
  }
  return { exposed, lines, ok, failed };
}

async function main(argv) {
  let wait = 0;
  if (argv[0] === "--wait") { wait = Number(argv[1]); argv = argv.slice(2); }
  const urls = argv;
  if (!urls.length || !(wait >= 0)) { console.error("usage: metrics-check.mjs [--wait SECONDS] <metrics URL>..."); process.exit(2); }
  const allowed = allowList();
  const { refs, recorded } = referencedMetrics();
  const missing = (exposed) => [...refs.keys()].filter((n) => !n.includes(":") && !allowed.has(n) && !exposed.has(n));
  const deadline = Date.now() + wait * 1000;
  let scrape = await scrapeAll(urls);
  while (missing(scrape.exposed).length && Date.now() < deadline) {
    console.log(`waiting for ${missing(scrape.exposed).join(", ")} (meters that appear after first use; up to ${wait} s)`);
    await new Promise((r) => setTimeout(r, 5000));
    scrape = await scrapeAll(urls);
  }
  scrape.lines.forEach((l) => console.log(l));
  let passed = scrape.ok, failed = scrape.failed;
  const exposed = scrape.exposed;
  for (const [name, where] of [...refs].sort()) {
    if (recorded.has(name)) { passed++; continue; }
    if (name.includes(":")) { failed++; console.log(`FAIL ${name}: looks like a recording rule, but no rule records it (${where.join("; ")})`); continue; }
    if (exposed.has(name)) { passed++; continue; }
    if (allowed.has(name)) { passed++; console.log(`allow-listed ${name}: ${allowed.get(name)}`); continue; }
    failed++;
    console.log(`FAIL ${name}: no service exposes it and it is not in ${path.relative(repo, ALLOWLIST_FILE)} (${where.join("; ")})`);
  }
  for (const [name] of allowed) {
    if (!refs.has(name)) { failed++; console.log(`FAIL allow-list entry ${name}: no rule or dashboard reads it (remove it)`); }
    // Not a failure: the allow-list may name a metric another change is adding; once it is exposed, drop the entry.
    else if (exposed.has(name)) console.log(`NOTE allow-list entry ${name} is exposed now: remove it from the allow-list`);
  }
  console.log(`monitoring metrics: ${refs.size} names read by rules and dashboards, ${exposed.size} exposed by ${urls.length} services, ${allowed.size} allow-listed`);
  console.log(`monitoring metrics: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
