#!/usr/bin/env python3
"""Runs `shardplace map` on every case of ../shared/benchmarks/mapping/peers.tsv and compares the
hop-bytes measured by ../shared/tools/mapping_cost.py with the peers (TreeMatch, Scotch).

Usage (from the repository root, after `swift build -c release`):
  python3 Benchmarks/Scripts/mapping.py [--one-per-core] [--binary .build/release/shardplace] [--markdown]
                                       [--only TEXT ...] [-- extra `shardplace map` arguments]
"""
import argparse, json, math, os, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
shared = os.path.join(os.path.dirname(root), "shared")
bench = os.path.join(shared, "benchmarks", "mapping")

ap = argparse.ArgumentParser()
ap.add_argument("--one-per-core", action="store_true")
ap.add_argument("--binary", default=os.path.join(root, ".build", "release", "shardplace"))
ap.add_argument("--markdown", action="store_true")
ap.add_argument("--only", action="append", default=[],
                help="run only the cases whose 'topology matrix' contains this text (repeatable)")
ap.add_argument("extra", nargs="*", help="more arguments for `shardplace map` (after --)")
args = ap.parse_args()
if not os.path.isdir(bench):
    sys.exit("mapping.py: ../shared/benchmarks/mapping is absent")

rows = []
with open(os.path.join(bench, "peers.tsv")) as f:
    header = f.readline().rstrip("\n").split("\t")
    for line in f:
        rec = dict(zip(header, line.rstrip("\n").split("\t")))
        case = os.path.basename(rec["topology"]) + " " + rec["matrix"]
        if not args.only or any(o in case for o in args.only):
            rows.append(rec)

out = []
skipped = []
for rec in rows:
    topo = rec["topology"]
    matrix = os.path.join(bench, rec["matrix"] + ".txt")
    if topo.startswith("synthetic:"):
        where = ["--synthetic", topo[len("synthetic:"):]]
    else:
        where = ["--topology", os.path.join(shared, "topologies", os.path.basename(topo))]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as tmp:
        path = tmp.name
    cmd = [args.binary, "map"] + where + ["--matrix", matrix, "-o", path] + (["--one-per-core"] if args.one_per_core else []) + args.extra
    t0 = time.time()
    done = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.time() - t0
    if done.returncode != 0:
        skipped.append((os.path.basename(topo), rec["matrix"], done.stderr.strip()))
        os.unlink(path)
        continue
    tool = os.path.join(shared, "tools", "mapping_cost.py")
    check = [sys.executable, tool] + where + ["--matrix", matrix, "--mapping", path, "--json"]
    res = json.loads(subprocess.run(check, check=True, capture_output=True, text=True).stdout)
    os.unlink(path)
    best = float(rec["best_peer"])
    out.append((os.path.basename(topo), rec["matrix"], int(rec["n"]), res["hop_bytes"], best, float(rec["packed"]),
                res["max_load_core"], seconds))

worse = [o for o in out if o[3] > o[4] * (1 + 1e-9)]
gm = math.exp(sum(math.log(o[3] / o[4]) for o in out if o[4] > 0) / len(out))
gm_packed = math.exp(sum(math.log(o[3] / o[5]) for o in out if o[5] > 0) / len(out))
if args.markdown:
    print("| topology | matrix | n | shardplace | best peer | ratio | max load/core | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for o in out:
        print(f"| {o[0]} | {o[1]} | {o[2]} | {o[3]:.6g} | {o[4]:.6g} | {o[3] / o[4]:.3f} | {o[6]} | {o[7]:.2f} |")
else:
    for o in out:
        print(f"{o[0]:32s} {o[1]:16s} {o[2]:5d} ours {o[3]:12.6g} best_peer {o[4]:12.6g} ratio {o[3] / o[4]:.3f} "
              f"maxcore {o[6]} {o[7]:.2f}s")
for sk in skipped:
    print(f"skipped {sk[0]} {sk[1]}: {sk[2]}")
print(f"cases: {len(out)} (skipped {len(skipped)}); worse than best_peer: {len(worse)}; geometric mean vs best_peer: {gm:.4f}; "
      f"vs packed: {gm_packed:.4f}; max load per core: {max(o[6] for o in out)}")
