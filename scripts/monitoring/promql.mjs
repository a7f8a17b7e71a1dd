// The metric names a PromQL expression reads, for the checks that every rule and dashboard names a metric that exists
// (scripts/monitoring/metrics-check.mjs, scripts/k8s-check/check.mjs). Not a PromQL parser: it removes what cannot
// name a metric (strings, label matchers, ranges, grouping clauses, Grafana variables, numbers and durations) and keeps
// the identifiers that are not functions, aggregations or keywords. promtool checks the syntax itself.

const KEYWORDS = new Set([
  "and", "or", "unless", "bool", "offset", "by", "without", "on", "ignoring", "group_left", "group_right",
  "inf", "nan", "atan2", "start", "end",
]);

/** Metric (and recording rule) names read by `expr`, sorted and without duplicates. */
export function metricNames(expr) {
  let s = String(expr)
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""') // string literals
    .replace(/\$\{[^}]*\}|\$\w+/g, " ") // Grafana variables ($__rate_interval, ${route})
    .replace(/#[^\n]*/g, " ") // comments
    .replace(/\{[^}]*\}/g, " ") // label matchers
    .replace(/\[[^\]]*\]/g, " ") // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " "); // grouping label lists
  const names = new Set();
  const token = /(\d+(?:\.\d+)?(?:e[+-]?\d+)?(?:ms|s|m|h|d|w|y)*)|([A-Za-z_:][A-Za-z0-9_:]*)(\s*\()?/g;
  let m;
  while ((m = token.exec(s))) {
    if (m[1] !== undefined) continue; // a number or duration
    const [, , name, call] = m;
    if (call || KEYWORDS.has(name.toLowerCase())) continue; // a function or aggregation, or a keyword
    names.add(name);
  }
  return [...names].sort();
}

/** Every `expr` in a Grafana dashboard (panels, rows' panels, templating queries), with where it is. */
export function dashboardExprs(dashboard) {
  const out = [];
  const panels = (list, at) => {
    for (const p of list || []) {
      for (const t of p.targets || []) if (t.expr) out.push({ at: `${at} panel "${p.title}"`, expr: t.expr });
      panels(p.panels, `${at} row "${p.title}"`);
    }
  };
  panels(dashboard.panels, `dashboard "${dashboard.title}"`);
  for (const v of dashboard.templating?.list || []) {
    const q = typeof v.query === "string" ? v.query : v.query?.query;
    if (v.type === "query" && q) out.push({ at: `dashboard "${dashboard.title}" variable ${v.name}`, expr: q.replace(/^label_values\((.*),\s*\w+\)$/, "$1") });
  }
  return out;
}

/** Names recorded by the rules (`record:`) in a rules document ({ groups: [...] }). */
export function recordedNames(rules) {
  return new Set((rules.groups || []).flatMap((g) => g.rules || []).filter((r) => r.record).map((r) => r.record));
}
