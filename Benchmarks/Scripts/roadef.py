#!/usr/bin/env python3
"""Runs `shardplace roadef` on every instance of ../shared/benchmarks/roadef2012/A with a time limit and
prints instance, initial objective, ours, best known, gap %, S41's 60 s result here, time (and --json).
Every solution is checked with ../shared/tools/roadef_check.py (feasibility and objective).

Usage (from the repository root, after `swift build -c release`):
  python3 Benchmarks/Scripts/roadef.py [-t SECONDS] [--binary .build/release/shardplace] [--json] [--markdown]
"""
import argparse, json, os, re, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
shared = os.path.join(os.path.dirname(root), "shared")
setA = os.path.join(shared, "benchmarks", "roadef2012", "A")

ap = argparse.ArgumentParser()
ap.add_argument("-t", type=float, default=60)
ap.add_argument("-s", type=int, default=1)
ap.add_argument("--binary", default=os.path.join(root, ".build", "release", "shardplace"))
ap.add_argument("--json", action="store_true")
ap.add_argument("--markdown", action="store_true")
ap.add_argument("--only", nargs="*")
args = ap.parse_args()
if not os.path.isdir(setA):
    sys.exit("roadef.py: ../shared/benchmarks/roadef2012/A is absent")

# Best known and the winner's 60 s results, from the set's README table.
known = {}
for line in open(os.path.join(setA, "..", "README.md")):
    cells = [c.strip() for c in line.split("|")]
    if len(cells) > 9 and re.match(r"a\d_\d", cells[1]):
        num = lambda c: int(re.sub(r"[^0-9]", "", c.split("(")[0]))
        known[cells[1]] = {"best": num(cells[6]), "s41": num(cells[8])}

rows = []
for name in sorted(known):
    if args.only and name not in args.only:
        continue
    model = os.path.join(setA, f"model_{name}.txt")
    initial = os.path.join(setA, f"assignment_{name}.txt")
    out = os.path.join(tempfile.gettempdir(), f"roadef-{name}-{os.getpid()}.txt")
    t0 = time.time()
    subprocess.run([args.binary, "roadef", "-t", str(args.t), "-p", model, "-i", initial, "-o", out, "-s", str(args.s), "--quiet"],
                   check=True)
    seconds = time.time() - t0
    check = subprocess.run([sys.executable, os.path.join(shared, "tools", "roadef_check.py"), model, initial, out, "--json"],
                           capture_output=True, text=True)
    res = json.loads(check.stdout)
    os.unlink(out)
    obj = res.get("objective", res.get("initial_objective"))
    rows.append({"instance": name, "initial": res["initial_objective"]["total"], "ours": obj["total"],
                 "feasible": check.returncode == 0, "best": known[name]["best"], "s41_60s": known[name]["s41"],
                 "gap_percent": 100.0 * (obj["total"] - known[name]["best"]) / max(1, known[name]["best"]),
                 "seconds": round(seconds, 1)})

if args.json:
    print(json.dumps(rows, indent=1))
elif args.markdown:
    print(f"| instance | initial | shardplace ({args.t:g} s) | feasible | best known | gap % | S41 60 s here | time s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['instance']} | {r['initial']:,} | {r['ours']:,} | {'yes' if r['feasible'] else 'NO'} | {r['best']:,} | "
              f"{r['gap_percent']:.2f} | {r['s41_60s']:,} | {r['seconds']} |")
else:
    for r in rows:
        print(f"{r['instance']:6s} initial {r['initial']:>14,} ours {r['ours']:>14,} {'ok' if r['feasible'] else 'INFEASIBLE'} "
              f"best {r['best']:>14,} gap {r['gap_percent']:8.2f}%  S41-60s {r['s41_60s']:>14,}  {r['seconds']}s")
