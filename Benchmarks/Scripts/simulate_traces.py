#!/usr/bin/env python3
"""Runs the predictive-versus-reactive protocol of ../shared/traces/SIMULATION.md with
`.build/release/shardplace simulate` and prints Markdown tables for BENCHMARKS.md.

Usage: swift build -c release --product shardplace && python3 Benchmarks/Scripts/simulate_traces.py [--seeds N]
           [--seeds-only] [--variants] [--quantile-offsets online|fit] [--binary PATH]

For each workload (Bitbrains cpu_mhz + mem_mb on 8 hosts; PlanetLab cpu_pct as MIPS on 100 hosts) it
sweeps the threshold over 0.7, 0.8, 0.9, 1.0 for static, reactive, oracle (1 h, 6 h) and predictive
(1 h, 6 h; q 0.5, 0.9, 0.95), first-fit-decreasing placement and, with --seeds N, random placements
1..N at θ = 0.8. The headline compares each predictive point with the reactive curve interpolated
(piecewise linearly in migrations over the θ sweep) at the same migration count.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TRACES = os.path.join(os.path.dirname(ROOT), "shared", "traces")
BINARY = os.path.join(ROOT, ".build", "release", "shardplace")
THETAS = [0.7, 0.8, 0.9, 1.0]
# The arms also run from random initial placements (--seeds).
SEED_ARMS = ["static", "reactive", "oracle 1h", "predictive 1h q0.5", "predictive 1h q0.9", "predictive 1h q0.95",
             "predictive 6h q0.5"]

WORKLOADS = {
    "bitbrains": {
        "args": ["--resource", f"cpu={TRACES}/bitbrains_rnd/cpu_mhz.csv",
                 "--resource", f"mem={TRACES}/bitbrains_rnd/mem_mb.csv", "--hosts", "8"],
        "hour": 4,
    },
    "planetlab": {
        "args": ["--resource", f"cpu={TRACES}/planetlab/cpu_pct.csv", "--planetlab-mips", "--hosts", "100"],
        "hour": 12,
    },
}


def arms(hour):
    yield "static", ["--policy", "static"]
    yield "reactive", ["--policy", "reactive"]
    for h, name in [(hour, "1h"), (6 * hour, "6h")]:
        yield f"oracle {name}", ["--policy", "oracle", "--horizon", str(h)]
        for q in ["0.5", "0.9", "0.95"]:
            yield f"predictive {name} q{q}", ["--policy", "predictive", "--horizon", str(h), "--quantile", q]


EXTRA = []


def run(args):
    out = subprocess.run([BINARY, "simulate", *args, *EXTRA, "--format", "json", "--timing", "--quiet"],
                         capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(args)}\n{out.stderr}")
    return json.loads(out.stdout)


def interpolate(curve, migrations):
    """Overload of a (migrations, overload) curve at `migrations`, linear between points; None outside."""
    points = sorted(curve)
    for (m0, o0), (m1, o1) in zip(points, points[1:]):
        if m0 <= migrations <= m1:
            return o0 if m1 == m0 else o0 + (o1 - o0) * (migrations - m0) / (m1 - m0)
    return None


def main():
    global BINARY
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=0)
    parser.add_argument("--workloads", default="bitbrains,planetlab")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seeds-only", action="store_true", help="skip the θ sweep")
    parser.add_argument("--variants", action="store_true",
                        help="only ρ = 0.5 / 0.7 and 100 Mbit/s, θ = 0.8, FFD, for the seed arms")
    parser.add_argument("--binary", default=BINARY, help="the shardplace executable (default: the release build)")
    parser.add_argument("--quantile-offsets", choices=["online", "fit"],
                        help="where the predictive quantile offsets come from (default: the binary's, online)")
    options = parser.parse_args()
    BINARY = options.binary
    if options.quantile_offsets:
        EXTRA.extend(["--quantile-offsets", options.quantile_offsets])
    if not os.path.isdir(TRACES):
        sys.exit(f"{TRACES} is absent")
    for workload in options.workloads.split(","):
        spec = WORKLOADS[workload]
        if options.variants:
            variants(spec, workload, options.jobs)
            continue
        jobs = {}
        with concurrent.futures.ThreadPoolExecutor(options.jobs) as pool:
            for arm, extra in arms(spec["hour"]):
                for theta in [] if options.seeds_only else THETAS:
                    jobs[(arm, theta, None)] = pool.submit(run, spec["args"] + extra + ["--threshold", str(theta)])
                for seed in range(1, options.seeds + 1) if arm in SEED_ARMS else []:
                    jobs[(arm, 0.8, seed)] = pool.submit(
                        run, spec["args"] + extra + ["--threshold", "0.8", "--seed", str(seed)])
        results = {key: job.result() for key, job in jobs.items()}
        print(f"\n### {workload}\n")
        if options.seeds_only:
            print_seeds(results, options.seeds, spec)
            continue
        print("| arm | θ | overload min | migrations | GB moved | blocked | peak util | p99 util | µs/step |")
        print("|---|---|---|---|---|---|---|---|---|")
        for (arm, theta, seed), r in results.items():
            if seed is not None:
                continue
            print(f"| {arm} | {theta} | {r['overloadMinutes']:.0f} | {r['migrations']} | "
                  f"{r['bytesMoved'] / 1e9:.1f} | {r['blocked']} | {r['peakUtilization']:.2f} | "
                  f"{r['p99Utilization']:.3f} | {r['controllerMicrosecondsPerStep']:.0f} |")
        reactive = [(results[("reactive", t, None)]["migrations"], results[("reactive", t, None)]["overloadMinutes"])
                    for t in THETAS]
        print("\nPredictive and oracle points against the reactive curve at equal migrations:\n")
        print("| arm | θ | migrations | overload | reactive at same migrations | reduction | oracle (same horizon) at same migrations | gap closed |")
        print("|---|---|---|---|---|---|---|---|")
        for (arm, theta, seed), r in results.items():
            if seed is not None or not arm.startswith("predictive"):
                continue
            horizon = arm.split()[1]
            oracle = [(results[(f"oracle {horizon}", t, None)]["migrations"],
                       results[(f"oracle {horizon}", t, None)]["overloadMinutes"]) for t in THETAS]
            base = interpolate(reactive, r["migrations"])
            bound = interpolate(oracle, r["migrations"])
            reduction = "n/a" if base is None or base == 0 else f"{100 * (1 - r['overloadMinutes'] / base):.0f} %"
            gap = ("n/a" if base is None or bound is None or base <= bound
                   else f"{100 * (base - r['overloadMinutes']) / (base - bound):.0f} %")
            print(f"| {arm} | {theta} | {r['migrations']} | {r['overloadMinutes']:.0f} | "
                  f"{'n/a' if base is None else f'{base:.0f}'} | {reduction} | "
                  f"{'n/a' if bound is None else f'{bound:.0f}'} | {gap} |")
        if options.seeds:
            print_seeds(results, options.seeds, spec)


def variants(spec, workload, jobs):
    settings = [("ρ 0.5", ["--target-load", "0.5"]), ("ρ 0.7", ["--target-load", "0.7"]),
                ("100 Mbit/s", ["--bandwidth", "100M"])]
    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        futures = {(name, arm): pool.submit(run, spec["args"] + extra + more + ["--threshold", "0.8"])
                   for name, more in settings for arm, extra in arms(spec["hour"]) if arm in SEED_ARMS}
    print(f"\n### {workload}: variants at θ = 0.8, FFD\n")
    print("| setting | arm | overload min | migrations | GB moved | blocked |")
    print("|---|---|---|---|---|---|")
    for (name, arm), future in futures.items():
        r = future.result()
        print(f"| {name} | {arm} | {r['overloadMinutes']:.0f} | {r['migrations']} | {r['bytesMoved'] / 1e9:.1f} | "
              f"{r['blocked']} |")


def print_seeds(results, seeds, spec):
    print(f"\nRandom initial placements, seeds 1..{seeds}, θ = 0.8 (median and range over seeds):\n")
    print("| arm | overload min: median [min, max] | migrations: median [min, max] |")
    print("|---|---|---|")
    for arm, _ in arms(spec["hour"]):
        if arm not in SEED_ARMS:
            continue
        overload = sorted(results[(arm, 0.8, s)]["overloadMinutes"] for s in range(1, seeds + 1))
        moves = sorted(results[(arm, 0.8, s)]["migrations"] for s in range(1, seeds + 1))
        print(f"| {arm} | {overload[len(overload) // 2]:.0f} [{overload[0]:.0f}, {overload[-1]:.0f}] | "
              f"{moves[len(moves) // 2]} [{moves[0]}, {moves[-1]}] |")


if __name__ == "__main__":
    main()
