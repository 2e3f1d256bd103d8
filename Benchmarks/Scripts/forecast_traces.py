#!/usr/bin/env python3
"""Reproduces the forecasting protocol of ../shared/traces/README.md with `shardplace forecast`.

For every trace set (Bitbrains CPU and memory, NAB, PlanetLab) it builds the same series-origins as the
statsforecast reference (series, grid, season, training window, origins), writes each origin's training
window to a CSV file, runs `shardplace forecast` once per model and horizon, and scores the forecasts
against the held-out samples: mean / median MASE (seasonal-naive in-sample scale on the training
window), sMAPE and the coverage of the upper 90 % / 95 % quantiles, averaged over steps 1..h.

Usage: python3 Benchmarks/Scripts/forecast_traces.py [--shardplace .build/release/shardplace]
           [--traces ../shared/traces] [--models auto,naive,...] [--json out.json]
Python standard library only.
"""
import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

MODELS = ["naive", "seasonal-naive", "ses", "holt", "hw-additive", "hw-multiplicative", "auto"]

# PlanetLab: the README draws 100 VMs with numpy.random.default_rng(7). These are the 0-based indexes
# (into the series sorted by id) of numpy 2.4's `default_rng(7).choice(1052, 100, replace=False)`,
# sorted; computed once with numpy, listed here so that this script needs no numpy.
PLANETLAB_SAMPLE = [
    3, 5, 12, 35, 43, 53, 95, 99, 114, 115, 127, 141, 159, 193, 196, 205, 214, 216, 249, 251, 255, 269, 271,
    274, 276, 288, 295, 333, 337, 379, 385, 436, 445, 446, 454, 462, 469, 483, 494, 495, 501, 502, 503, 516,
    520, 529, 533, 544, 551, 553, 567, 572, 596, 611, 615, 635, 644, 653, 666, 684, 692, 702, 707, 736, 739,
    743, 762, 773, 774, 783, 794, 797, 799, 814, 830, 840, 842, 854, 857, 880, 881, 900, 902, 912, 916, 924,
    969, 972, 975, 976, 981, 989, 991, 998, 1005, 1010, 1028, 1029, 1031, 1042,
]

BITBRAINS_END = 1377899100  # 2013-08-30 21:45 UTC, the end of the shared part
HOUR = 3600
DAY = 86400


def read_series(path):
    series = {}
    with open(path, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for sid, ts, value in reader:
            series.setdefault(sid, []).append((int(ts), float(value)))
    return series


def to_grid(points, step):
    """Samples on a grid of `step` seconds from the first point's slot; gaps linearly interpolated."""
    first = points[0][0] - points[0][0] % step
    last = points[-1][0] - points[-1][0] % step
    slots = (last - first) // step + 1
    sums = [0.0] * slots
    counts = [0] * slots
    for ts, v in points:
        i = (ts - ts % step - first) // step
        sums[i] += v
        counts[i] += 1
    values = [None] * slots
    previous = None
    for i in range(slots):
        if counts[i]:
            values[i] = sums[i] / counts[i]
            if previous is not None and i - previous > 1:
                a, b = values[previous], values[i]
                for g in range(previous + 1, i):
                    values[g] = a + (b - a) * (g - previous) / (i - previous)
            previous = i
    return first, values


def origins_for(first, values, step, origin_times, window):
    """(training window, future) per origin time: training ends at the origin (inclusive)."""
    out = []
    for t0 in origin_times:
        k = (t0 - first) // step
        if k < 1 or k >= len(values):
            continue
        train = values[max(0, k + 1 - window):k + 1]
        future = values[k + 1:]
        out.append((t0, train, future))
    return out


def build(traces):
    """Every set: name, step, season, horizons (1 h, 6 h) and its (id, training, future) triples."""
    sets = []
    bb = os.path.join(traces, "bitbrains_rnd")
    for metric, label, n_origins in (("cpu_mhz", "Bitbrains CPU", 2), ("mem_mb", "Bitbrains memory", 1)):
        cases = []
        origin = BITBRAINS_END - 6 * HOUR
        times = [origin, origin - 2 * DAY][:n_origins]
        for sid, points in sorted(read_series(os.path.join(bb, metric + ".csv")).items()):
            first, values = to_grid(points, 900)
            for t0, train, future in origins_for(first, values, 900, times, 672):
                cases.append((f"{sid}@{t0}", train, future[:24]))
        sets.append((label, 900, 96, (4, 24), cases))

    nab = os.path.join(traces, "nab")
    ends = {}
    with open(os.path.join(nab, "series.csv"), newline="") as f:
        for row in csv.DictReader(f):
            ends[row["series_id"]] = int(row["last_shared_timestamp"])
    cases = []
    for sid, points in sorted(read_series(os.path.join(nab, "values.csv")).items()):
        points = [p for p in points if p[0] <= ends[sid]]
        first, values = to_grid(points, 900)
        end = ends[sid] - ends[sid] % 900
        origin = end - 6 * HOUR
        times = [origin, origin - DAY]
        if "_iio_" in sid:  # the short iio…NetworkIn series gets one origin, as in the README
            times = times[:1]
        for t0, train, future in origins_for(first, values, 900, times, 672):
            cases.append((f"{sid}@{t0}", train, future[:24]))
    sets.append(("NAB", 900, 96, (4, 24), cases))

    pl = read_series(os.path.join(traces, "planetlab", "cpu_pct.csv"))
    ids = sorted(pl)
    cases = []
    for index in PLANETLAB_SAMPLE:
        sid = ids[index]
        first, values = to_grid(pl[sid], 300)
        cases.append((sid, values[:216], values[216:288]))
    sets.append(("PlanetLab", 300, 1, (12, 72), cases))
    return sets


def forecast(shardplace, cases, step, season, horizon, model, quantile, workdir):
    path = os.path.join(workdir, "train.csv")
    with open(path, "w") as f:
        f.write("series_id,timestamp,value\n")
        for sid, train, _ in cases:
            for i, v in enumerate(train):
                f.write(f"{sid},{i * step},{v!r}\n")
    out = os.path.join(workdir, "out.csv")
    cmd = [shardplace, "forecast", "--input", path, "--horizon", str(horizon), "--season", str(season),
           "--step", str(step), "--quantile", str(quantile), "--model", model, "-o", out, "--quiet"]
    subprocess.run(cmd, check=True)
    result = {}
    with open(out, newline="") as f:
        for row in csv.DictReader(f):
            if row["step"] == "peak":
                continue
            entry = result.setdefault(row["series_id"], ([], [], row["model"]))
            entry[0].append(float(row["mean"]))
            entry[1].append(float(row["quantile"]))
    return result


def scale_of(train, season):
    lag = season if season > 1 and len(train) > season else 1
    diffs = [abs(train[t] - train[t - lag]) for t in range(lag, len(train))]
    return sum(diffs) / len(diffs) if diffs else 0.0


def score(cases, season, horizon, mean_fc, upper90, upper95):
    mases, smapes, cov90, cov95 = [], [], [], []
    chosen = {}
    for sid, train, future in cases:
        y = future[:horizon]
        f = mean_fc[sid][0][:horizon]
        q90 = upper90[sid][1][:horizon]
        q95 = upper95[sid][1][:horizon]
        chosen[mean_fc[sid][2]] = chosen.get(mean_fc[sid][2], 0) + 1
        s = scale_of(train, season)
        mae = sum(abs(a - b) for a, b in zip(y, f)) / len(y)
        if s > 0:
            mases.append(mae / s)
        smapes.append(sum(0.0 if a == 0 and b == 0 else 200 * abs(a - b) / (abs(a) + abs(b))
                          for a, b in zip(y, f)) / len(y))
        cov90 += [1.0 if a <= q else 0.0 for a, q in zip(y, q90)]
        cov95 += [1.0 if a <= q else 0.0 for a, q in zip(y, q95)]
    return {
        "n": len(cases), "mase_mean": statistics.fmean(mases), "mase_median": statistics.median(mases),
        "smape": statistics.fmean(smapes), "cov90": statistics.fmean(cov90), "cov95": statistics.fmean(cov95),
        "models": chosen,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    parser.add_argument("--shardplace", default=os.path.join(root, ".build", "release", "shardplace"))
    parser.add_argument("--traces", default=os.path.join(os.path.dirname(root), "shared", "traces"))
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args()
    if not os.path.isdir(args.traces):
        sys.exit(f"traces not found at {args.traces}")
    models = args.models.split(",")
    results = []
    began = time.time()
    with tempfile.TemporaryDirectory() as workdir:
        for label, step, season, horizons, cases in build(args.traces):
            print(f"\n{label}: {len(cases)} series-origins, step {step}s, m = {season}")
            print("| model | n | MASE 1h mean / median | MASE 6h mean / median | sMAPE 1h / 6h | cov P90 1h / 6h "
                  "| cov P95 1h / 6h | auto picks (6h) |")
            print("|---|---|---|---|---|---|---|---|")
            for model in models:
                rows = []
                for h in horizons:
                    f90 = forecast(args.shardplace, cases, step, season, h, model, 0.90, workdir)
                    f95 = forecast(args.shardplace, cases, step, season, h, model, 0.95, workdir)
                    rows.append(score(cases, season, h, f95, f90, f95))
                a, b = rows
                picks = ", ".join(f"{k} {v}" for k, v in sorted(b["models"].items(), key=lambda kv: -kv[1]))
                print(f"| {model} | {a['n']} | {a['mase_mean']:.2f} / {a['mase_median']:.2f} | "
                      f"{b['mase_mean']:.2f} / {b['mase_median']:.2f} | {a['smape']:.1f} / {b['smape']:.1f} | "
                      f"{a['cov90']:.2f} / {b['cov90']:.2f} | {a['cov95']:.2f} / {b['cov95']:.2f} | "
                      f"{picks if model == 'auto' else ''} |", flush=True)
                results.append({"set": label, "model": model, "1h": a, "6h": b})
    print(f"\n{time.time() - began:.1f}s")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
