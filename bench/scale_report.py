#!/usr/bin/env python3
"""Markdown report of bench/scale.sh from LoadGen's JSON results ($RES/*.json) and the run's environment variables."""
import json
import os

E = os.environ
RES = E["RES"]
SWEEP = [int(n) for n in E["SWEEP_STEPS"].split()]
HAS_BEFORE = E.get("HAS_BEFORE") == "1"


def load(name):
    try:
        with open(os.path.join(RES, name + ".json")) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read(name):
    try:
        with open(os.path.join(RES, name)) as f:
            return f.read().strip()
    except OSError:
        return ""


# ---------------------------------------------------------------------------------------------------------- figures
def ok(d):
    return sum(v for k, v in d["status"].items() if k.startswith("2"))


def share(d, status):  # % of the answers with that status
    return 100.0 * d["status"].get(status, 0) / d["completed"] if d and d["completed"] else None


def non2xx(d):
    return 100.0 * (d["completed"] - ok(d)) / d["completed"] if d and d["completed"] else None


def lat(d, which, p):
    if not d:
        return None
    h = d["latencyMs"].get(which, {})
    return h.get(p)


def cpu(d, label, per="usPerAnswer"):
    if not d or "cpu" not in d or label not in d["cpu"]:
        return None
    return d["cpu"][label][per]


def cpu_with_ispn(d, per="usPerAnswer"):
    a, b = cpu(d, "target", per), cpu(d, "infinispan", per)
    return None if a is None or b is None else a + b


def errors(d):
    return d["errors"]["total"] if d else None


def f(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, int):
        return f"{v:,}"
    if abs(v) >= 1000:
        return f"{v:,.0f}"
    return f"{v:.{digits}f}"


def fms(v):
    return "–" if v is None else (f"{v:.2f}" if v < 100 else f"{v:,.0f}")


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    r = a / b
    return f"{r:.2f}" if r >= 0.1 or r == 0 else f"{r:.2g}"


def other(d):  # cores busy with processes outside the measured ones (other work on the machine) during the window
    return d["machine"]["otherCores"] if d and "machine" in d else None


out = []
w = out.append

# ---------------------------------------------------------------------------------------------------------- header
w(f"# Scale benchmark {E['STAMP']}")
w("")
w(f"Command: `{E['COMMAND']}`")
w("")
w(f"Gateway measured (\"after\"): {E['AFTER_APP_DESC']}.")
if HAS_BEFORE:
    w(f"\"Before\" gateway: {E['BEFORE_APP_DESC']}.")
w("")
w(f"Machine: {E['MACHINE']}; load average before the measurements {E['LOAD_BEFORE']}, at their end {E['LOAD_AFTER']} "
  f"({E['ELAPSED']} s of measuring; " + ("pinned: the load generator alone on CPU 1, every server (nginx, the gateways, "
  "Infinispan) on CPU 0, so capacities are one core's)." if E.get('PINNED') == '1'
  else "the load generator and every server share the same cores)."))
w(f"Versions: {E['VERSIONS']}; load from bench/LoadGen.java (HTTP/1.1 keep-alive, one selector thread, one request in "
  "flight per connection).")
w("")
w("Setup: a static backend (nginx answering a fixed ~300-byte `application/json` to any path) is the catalog upstream of "
  "every gateway and of the reference nginx reverse proxy (keep-alive upstream). The gateways run the packaged jar with "
  "`-Xms256m -Xmx512m`, profile `local`, a rate-limit namespace of their own with limits never reached (every tier), and "
  "trust 127.0.0.1 as a proxy (only case (f) sends X-Forwarded-For); \"limiter off\" is the same with "
  "`gateway.routes.catalog.rate-limit-policy=` empty. Request: `GET /api/v1/products/<id>`.")
w(f"Each run: {E['WARMUP']} s warm-up (not counted) then {E['DURATION']} s measured. Closed loop counts the answers "
  "completed in the window; open loop counts the requests intended in the window and waits up to "
  f"{E['TIMEOUT']} s for their answers, latency measured from the intended send time. Latencies in ms; "
  "\"goodput\" = 2xx answers per second.")
try:
    load1 = float(E["LOAD_BEFORE"].split()[0])
    cores = int(E["MACHINE"].split()[0])
except (ValueError, IndexError):
    load1, cores = 0, 1
if load1 > cores:
    w(f"**Warning: the machine was busy before the run (1-minute load {load1} on {cores} cores): other processes took "
      "CPU from the measured ones; see the \"other load\" columns (cores busy outside the measured processes during "
      "each window). Compare figures within one run only.**")
    w("")
w("CPU µs per answer: utime+stime (/proc/PID/stat) over the measured window ÷ answers in it. \"under test\" is the "
  "process the requests went to (static nginx, nginx proxy: master + workers; the gateway JVM); \"+ Infinispan\" adds the "
  "Infinispan server (the rate-limit store; its idle cost shows in every case); \"backend\" is the static nginx behind; "
  "\"other load\" is the machine's busy CPU (/proc/stat) minus every measured process and LoadGen, in cores.")
w("")

# ---------------------------------------------------------------------------------------------------------- cases
C = E["CONNECTIONS"]
cases = [
    ("a-static", "(a) static backend direct (baseline)"),
    ("b-nginx", "(b) nginx reverse proxy"),
    ("c-after-off", "(c) gateway, limiter off"),
    ("d-after-on", "(d) gateway, limiter on"),
    ("e-after-on-bearer", "(e) gateway, limiter on, bearer token (admin)"),
    ("f-after-on-10k-keys", "(f) gateway, limiter on, anonymous, 10,000 client keys (X-Forwarded-For)"),
]
if HAS_BEFORE:
    cases += [("c-before-off", "(c) before: gateway, limiter off"), ("d-before-on", "(d) before: gateway, limiter on")]
D = {name: load(name) for name, _ in cases}

w(f"## Cases, closed loop, {C} connections")
w("")
w("| case | goodput 2xx/s | answers/s | 503 % | non-2xx % | errors | 2xx p50 | 2xx p99 | 2xx p99.9 | µs/answer under test "
  "| + Infinispan | backend µs | LoadGen µs | other load, cores |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, label in cases:
    d = D[name]
    if not d:
        w(f"| {label} | (no result) |||||||||||| ")
        continue
    gw = "gateway" in label
    w(f"| {label} | {f(d['goodput'])} | {f(d['throughput'])} | {f(share(d, '503'))} | {f(non2xx(d))} | {errors(d)} "
      f"| {fms(lat(d, '2xx', 'p50'))} | {fms(lat(d, '2xx', 'p99'))} | {fms(lat(d, '2xx', 'p999'))} "
      f"| {f(cpu(d, 'target'))} | {f(cpu_with_ispn(d)) if gw else '–'} "
      f"| {f(cpu(d, 'backend')) if name != 'a-static' else '–'} | {f(cpu(d, 'loadgen'))} | {f(other(d), 2)} |")
w("")


def ratio_row(label, a, b, with_ispn_a=False, with_ispn_b=False):
    da, db = D.get(a), D.get(b)
    if not da or not db:
        return
    ca = cpu_with_ispn(da) if with_ispn_a else cpu(da, "target")
    cb = cpu_with_ispn(db) if with_ispn_b else cpu(db, "target")
    w(f"| {label} | {ratio(da['goodput'], db['goodput'])} | {ratio(lat(da, '2xx', 'p50'), lat(db, '2xx', 'p50'))} "
      f"| {ratio(lat(da, '2xx', 'p99'), lat(db, '2xx', 'p99'))} | {ratio(cpu(da, 'target'), cpu(db, 'target'))} "
      f"| {ratio(ca, cb)} |")


w("| ratio (same run) | goodput | 2xx p50 | 2xx p99 | CPU µs/answer, under test | CPU µs/answer incl. Infinispan "
  "(gateway with the limiter) |")
w("|---|---:|---:|---:|---:|---:|")
ratio_row("nginx proxy ÷ static direct (reference proxy cost)", "b-nginx", "a-static")
ratio_row("gateway limiter off ÷ static direct", "c-after-off", "a-static")
ratio_row("gateway limiter on ÷ static direct", "d-after-on", "a-static", True)
ratio_row("gateway limiter off ÷ nginx", "c-after-off", "b-nginx")
ratio_row("gateway limiter on ÷ nginx", "d-after-on", "b-nginx", True)
ratio_row("limiter on ÷ off (the limiter's cost)", "d-after-on", "c-after-off", True, True)
ratio_row("bearer ÷ anonymous (JWT validation, tier by claim)", "e-after-on-bearer", "d-after-on", True, True)
ratio_row("10,000 client keys ÷ one key", "f-after-on-10k-keys", "d-after-on", True, True)
if HAS_BEFORE:
    ratio_row("limiter off, after ÷ before", "c-after-off", "c-before-off")
    ratio_row("limiter on, after ÷ before", "d-after-on", "d-before-on", True, True)
w("")
w("Goodput ratios above 1 mean more than the baseline; latency and CPU ratios above 1 mean slower / costlier.")
w("")

# ---------------------------------------------------------------------------------------------------------- sweep
targets = [("nginx", "nginx reverse proxy"), ("after-off", "gateway, limiter off"), ("after-on", "gateway, limiter on")]
if HAS_BEFORE:
    targets += [("before-off", "before: gateway, limiter off"), ("before-on", "before: gateway, limiter on")]
S = {(t, n): load(f"sweep-{t}-{n}") for t, _ in targets for n in SWEEP}

w("## Concurrency sweep, closed loop")
w("")
w("| target | connections | goodput 2xx/s | answers/s | 503 % | non-2xx % | errors | p99 all | 2xx p99 | 503 p99 "
  "| µs/answer under test | µs/2xx under test | µs/2xx incl. Infinispan | LoadGen µs/answer | connections opened "
  "| other load, cores |")
w("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for t, label in targets:
    for n in SWEEP:
        d = S[(t, n)]
        if not d:
            w(f"| {label} | {n} | (no result) ||||||||||||")
            continue
        gw = t != "nginx"
        w(f"| {label} | {n} | {f(d['goodput'])} | {f(d['throughput'])} | {f(share(d, '503'))} | {f(non2xx(d))} "
          f"| {errors(d)} | {fms(lat(d, 'all', 'p99'))} | {fms(lat(d, '2xx', 'p99'))} | {fms(lat(d, '503', 'p99'))} "
          f"| {f(cpu(d, 'target'))} | {f(cpu(d, 'target', 'usPer2xx'))} "
          f"| {f(cpu_with_ispn(d, 'usPer2xx')) if gw else '–'} | {f(cpu(d, 'loadgen'))} | {d['connectionsOpened']:,} "
          f"| {f(other(d), 2)} |")
w("")
w("\"LoadGen µs/answer\" is the load generator's own CPU per answer: it shares the two cores with what it measures, "
  "so a step where it grows takes CPU from the target.")
w("\"connections opened\" counts warm-up and window: more than the step's connections means the server closed some "
  "(e.g. a `Connection: close` with a 503) and LoadGen opened replacements.")
w("")
w(f"| target | peak goodput 2xx/s (at connections) | goodput at {SWEEP[-1]} | goodput at {SWEEP[-1]} ÷ peak "
  f"| 503 % at {SWEEP[-1]} | non-2xx % at {SWEEP[-1]} |")
w("|---|---:|---:|---:|---:|---:|")
for t, label in targets:
    runs = [(n, S[(t, n)]) for n in SWEEP if S[(t, n)]]
    if not runs:
        continue
    pn, pd = max(runs, key=lambda r: r[1]["goodput"])
    last = S[(t, SWEEP[-1])]
    w(f"| {label} | {f(pd['goodput'])} ({pn}) | {f(last['goodput']) if last else '–'} "
      f"| {ratio(last['goodput'] if last else None, pd['goodput'])} | {f(share(last, '503'))} | {f(non2xx(last))} |")
w("")
pairs = [("gateway limiter on ÷ nginx", "after-on", "nginx"), ("gateway limiter off ÷ nginx", "after-off", "nginx"),
         ("limiter on ÷ off", "after-on", "after-off")]
if HAS_BEFORE:
    pairs += [("limiter on, after ÷ before", "after-on", "before-on"),
              ("limiter off, after ÷ before", "after-off", "before-off")]
w("| goodput ratio per step | " + " | ".join(str(n) for n in SWEEP) + " |")
w("|---|" + "---:|" * len(SWEEP))
for label, a, b in pairs:
    w(f"| {label} | " + " | ".join(
        ratio(S[(a, n)]["goodput"] if S[(a, n)] else None, S[(b, n)]["goodput"] if S[(b, n)] else None) for n in SWEEP)
      + " |")
w("")

# ---------------------------------------------------------------------------------------------------------- open loop
w("## Open loop (fixed rate, latency from the intended send time, up to 4,096 connections)")
w("")
w("Rates rise as fractions of the measured gateway's closed-loop peak (the same rates for the before build) until one is "
  "not sustained (any non-2xx, error or unsent "
  f"request, or 2xx p99 above {E.get('OPEN_P99_BOUND_MS', '100')} ms); the **open-loop capacity** is the goodput of the "
  "last sustained rate. Then the overload cases: 2× the open-loop capacity, and 2× the closed-loop peak.")
w("")
open_targets = [("after-on", "gateway, limiter on")] + ([("before-on", "before: gateway, limiter on")] if HAS_BEFORE else [])
w("| target | rate | intended req/s | goodput 2xx/s | goodput ÷ open-loop capacity | 503 % | non-2xx % | not sent | errors "
  "| 2xx p50 | 2xx p99 | 2xx p99.9 | 503 p99 | µs/answer under test | LoadGen send lag p99 | other load, cores |")
w("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def open_row(label, kind, d, capv):
    if not d:
        w(f"| {label} | {kind} | (no result) |||||||||||||")
        return
    w(f"| {label} | {kind} | {f(d['rate'])} | {f(d['goodput'])} "
      f"| {(f(100 * d['goodput'] / capv) + ' %') if capv else '–'} | {f(share(d, '503'))} | {f(non2xx(d))} "
      f"| {d['notSent']:,} | {errors(d)} | {fms(lat(d, '2xx', 'p50'))} | {fms(lat(d, '2xx', 'p99'))} "
      f"| {fms(lat(d, '2xx', 'p999'))} | {fms(lat(d, '503', 'p99'))} | {f(cpu(d, 'target'))} "
      f"| {fms(d.get('sendLagMs', {}).get('p99'))} | {f(other(d), 2)} |")


for t, label in open_targets:
    cap, ocap = read(f"capacity-{t}.txt"), read(f"open-capacity-{t}.txt")
    ocapv = float(ocap) if ocap else None
    for step in read(f"open-steps-{t}.txt").split():
        open_row(label, f"search: {step}× peak", load(f"open-{t}-step-{step}"), None)
    open_row(label, "**2× open-loop capacity**", load(f"open-{t}-double-open"), ocapv)
    open_row(label, "2× closed-loop peak", load(f"open-{t}-double"), ocapv)
open_row("nginx reverse proxy (reference)", "the gateway's open-loop capacity", load("open-nginx-at-gateway-capacity"), None)
w("")
for t, label in open_targets:
    cap, ocap = read(f"capacity-{t}.txt"), read(f"open-capacity-{t}.txt")
    if cap and ocap:
        w(f"{label}: closed-loop peak {float(cap):,.0f} 2xx/s (sweep and case (d)); open-loop capacity "
          f"{float(ocap):,.0f} 2xx/s ({100 * float(ocap) / float(cap):.0f} % of it).")
w("\"LoadGen send lag\" is how late the generator itself sent (actual − intended, including the connect when a request "
  "needed a new connection); it is part of the latencies above.")
w("")

# ---------------------------------------------------------------------------------------------------------- refusals
refusals, served = load("g-after-refusals"), D.get("d-after-on")
if refusals:
    w(f"## What a refusal costs (closed loop, {C} connections)")
    w("")
    w("A gateway with `gateway.admission.max-in-flight=0` refuses every API request at admission (503 problem+json, "
      "Retry-After). Under overload every refusal takes CPU from the admitted requests: with a refusal costing ρ of a "
      "served request and 2× the capacity offered, admitted goodput is at most (1 − 2ρ) ÷ (1 − ρ) of capacity.")
    w("")
    w("| case | answers/s | 503 % | µs/answer under test | refusal ÷ served (ρ) | goodput bound at 2× offered |")
    w("|---|---:|---:|---:|---:|---:|")
    rho = None
    if served and cpu(refusals, "target") and cpu(served, "target"):
        rho = cpu(refusals, "target") / cpu(served, "target")
    w(f"| (g) every request refused | {f(refusals['throughput'])} | {f(share(refusals, '503'))} "
      f"| {f(cpu(refusals, 'target'))} | {f(rho, 2) if rho is not None else '–'} "
      f"| {(f(100 * (1 - 2 * rho) / (1 - rho)) + ' %') if rho is not None and rho < 0.5 else '–'} |")
    if served:
        w(f"| (d) every request served, limiter on | {f(served['throughput'])} | {f(share(served, '503'))} "
          f"| {f(cpu(served, 'target'))} | 1.00 | – |")
    w("")

# ---------------------------------------------------------------------------------------------------------- before/after
if HAS_BEFORE:
    w("## Before vs after")
    w("")
    w("| figure | before | after | after ÷ before |")
    w("|---|---:|---:|---:|")

    def ba(label, b, a, fmt=f):
        w(f"| {label} | {fmt(b)} | {fmt(a)} | {ratio(a, b)} |")

    for case, lab in (("c", "limiter off"), ("d", "limiter on")):
        b, a = D.get(f"{case}-before-{'off' if case == 'c' else 'on'}"), D.get(f"{case}-after-{'off' if case == 'c' else 'on'}")
        if a and b:
            ba(f"case {case}, {lab}, {C} connections: goodput", b["goodput"], a["goodput"])
            ba(f"case {case}, {lab}, {C} connections: 2xx p99 ms", lat(b, "2xx", "p99"), lat(a, "2xx", "p99"), fms)
            ba(f"case {case}, {lab}, {C} connections: gateway µs/answer", cpu(b, "target"), cpu(a, "target"))
    for n in SWEEP:
        b, a = S.get(("before-on", n)), S.get(("after-on", n))
        if a and b:
            ba(f"sweep, limiter on, {n} connections: goodput", b["goodput"], a["goodput"])
            ba(f"sweep, limiter on, {n} connections: 503 %", share(b, "503"), share(a, "503"))
    b, a = read("open-capacity-before-on.txt"), read("open-capacity-after-on.txt")
    if a and b:
        ba("open-loop capacity 2xx/s", float(b), float(a))
    for name, lab in (("double-open", "2× open-loop capacity"), ("double", "2× closed-loop peak")):
        b, a = load(f"open-before-on-{name}"), load(f"open-after-on-{name}")
        if a and b:
            ba(f"open loop {lab}: goodput", b["goodput"], a["goodput"])
            ba(f"open loop {lab}: 2xx p99 ms", lat(b, "2xx", "p99"), lat(a, "2xx", "p99"), fms)
            ba(f"open loop {lab}: 503 %", share(b, "503"), share(a, "503"))
    w("")

# ---------------------------------------------------------------------------------------------------------- limiter
w("## Rate limiter")
w("")
for line in read("limiter.txt").splitlines():
    label, outcomes = (line.split("|") + [""])[:2]
    w(f"- {label}: decisions over the whole run (warm-ups included): {outcomes.strip() or 'none read'}"
      " (`fail_open` = passed unchecked because the store missed its bound).")
w("")

rows = [l.split("|") for l in read("replicas.txt").splitlines() if l.strip()]
if rows:
    w("## Limiter store work as replicas are added")
    w("")
    w("One hot key (anonymous, every request from 127.0.0.1, limit never reached), 32 connections spread evenly over 1,")
    w("2 or 4 gateway replicas sharing Infinispan. Store operations: the Infinispan statistics of the limiter's cache")
    w("(stores + retrievals + removes) over the run; decisions: the gateways' `gateway_ratelimit_decisions_total`.")
    w("")
    w("| replicas | decisions | store operations | per decision | ÷ one replica |")
    w("|---:|---:|---:|---:|---:|")
    base = None
    for r, d, ops in rows:
        per = int(ops) / max(1, int(d))
        base = per if base is None else base
        w(f"| {r} | {int(d):,} | {int(ops):,} | {per:.4f} | {per / base if base else 0:.2f} |")
    w("")

# ---------------------------------------------------------------------------------------------------------- profile
profiles = [(label, read(f"profile-{name}.md")) for name, label in
            (("after-on", "after, limiter on"), ("after-on-bearer", "after, limiter on, bearer token (admin)"),
             ("before-on", "before, limiter on"),
             ("refusals", "after, every request refused at admission (case g's gateway)"))]
if any(text.strip() for _, text in profiles):
    w("## Where the gateway's CPU goes (JFR)")
    w("")
    w(f"CPU samples (jdk.ExecutionSample every 1 ms of running Java code) of the gateway with the limiter on, over one "
      f"extra closed-loop run at {C} connections that is not part of any figure above (the recording costs CPU). "
      "\"self\": the method was the innermost frame; \"total\": it was on the stack (`bench/jfr_top.py`).")
    w("")
    for label, text in profiles:
        if text.strip():
            w(f"### {label}")
            w("")
            w(text.strip())
            w("")

print("\n".join(out))
