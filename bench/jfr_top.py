#!/usr/bin/env python3
"""Top frames of a JFR recording's CPU samples (jdk.ExecutionSample), as a Markdown table.

    python3 bench/jfr_top.py recording.jfr [--top N] [--match SUBSTRING]

"self" is the share of samples whose innermost frame is the method; "total" the share whose stack holds it anywhere
(counted once per sample). --match keeps only the "total" rows whose method contains the substring (e.g. io.scalableapi).
Reads `jfr print --events jdk.ExecutionSample --stack-depth 128` from the JDK running this script's `jfr` tool.
"""
import collections
import re
import subprocess
import sys


def samples(path):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "128", path],
                         check=True, capture_output=True, text=True).stdout
    stack, inside = [], False
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("stackTrace = ["):
            stack, inside = [], True
        elif inside and line.startswith("]"):
            inside = False
            if stack:
                yield stack
        elif inside and line and line != "...":
            frame = re.sub(r"\s+line:.*$", "", line)
            stack.append(re.sub(r"\(.*\)$", "", frame))


def main():
    args = sys.argv[1:]
    top = int(args[args.index("--top") + 1]) if "--top" in args else 25
    match = args[args.index("--match") + 1] if "--match" in args else None
    path = args[0]
    own, total, n = collections.Counter(), collections.Counter(), 0
    for stack in samples(path):
        n += 1
        own[stack[0]] += 1
        for frame in set(stack):
            total[frame] += 1
    if n == 0:
        print("no CPU samples in", path)
        return
    print(f"{n} CPU samples\n")
    print("| self % | method (innermost frame) |\n|---:|---|")
    for frame, c in own.most_common(top):
        print(f"| {100 * c / n:.1f} | `{frame}` |")
    rows = [(f, c) for f, c in total.most_common() if match is None or match in f][:top]
    print(f"\n| total % | method (anywhere on the stack{', ' + match if match else ''}) |\n|---:|---|")
    for frame, c in rows:
        print(f"| {100 * c / n:.1f} | `{frame}` |")


if __name__ == "__main__":
    main()
