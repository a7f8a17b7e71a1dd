// Every alert of monitoring/rules/platform.rules.yml has a promtool test case where it fires and one where it does not
// (monitoring/rules/platform.rules.test.yml), and no test names an alert the rules do not have. promtool itself only
// runs the cases it is given: an alert added without tests would pass unnoticed.
//
//   node scripts/monitoring/rule-tests-cover.mjs   (scripts/monitoring.sh test)
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const tools = process.env.K8S_CHECK_TOOLS || path.join(repo, ".local", "k8s-tools");
const YAML = createRequire(path.join(tools, "package.json"))("yaml");

const rules = YAML.parse(fs.readFileSync(path.join(repo, "monitoring/rules/platform.rules.yml"), "utf8"));
const tests = YAML.parse(fs.readFileSync(path.join(repo, "monitoring/rules/platform.rules.test.yml"), "utf8"));
const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert).map((r) => r.alert);
const cases = tests.tests.flatMap((t) => t.alert_rule_test || []);
let passed = 0, failed = 0;
for (const a of alerts) {
  const mine = cases.filter((c) => c.alertname === a);
  const fires = mine.some((c) => (c.exp_alerts || []).length > 0);
  const silent = mine.some((c) => !(c.exp_alerts || []).length);
  if (fires && silent) passed++;
  else { failed++; console.log(`FAIL alert ${a}: no test case where it ${fires ? "stays silent (exp_alerts: [])" : "fires"}`); }
}
for (const c of cases) if (!alerts.includes(c.alertname)) { failed++; console.log(`FAIL test case for ${c.alertname}: no such alert`); }
console.log(`rule tests cover ${passed} of ${alerts.length} alerts firing and not firing`);
process.exit(failed ? 1 : 0);
