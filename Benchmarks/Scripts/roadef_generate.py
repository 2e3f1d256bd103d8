#!/usr/bin/env python3
"""Generates a ROADEF/EURO 2012 machine-reassignment instance of a chosen size, in the challenge's file
format, with a feasible initial assignment: for the memory and time checks at the size of the challenge's
sets B and X (50,000 processes x 5,000 machines), which are not in ../shared.

The shape follows set A and the challenge's description: resources with a transient flag and a load-cost
weight; machines with a neighbourhood, a location, capacities, safety capacities and a machine-move-cost
row; services with spreadMin and dependencies; processes with heavy-tailed requirements and a move cost;
balance objectives; the three move-cost weights. The initial assignment satisfies every hard constraint
by construction (capacity, conflict, spread, dependency; transient holds nothing initially), and
roughly a third of the machines start above their safety capacity so that there is load cost to remove.

    python3 Benchmarks/Scripts/roadef_generate.py --processes 50000 --machines 5000 --out /tmp/b
    # writes /tmp/b/model.txt and /tmp/b/assignment.txt
"""

import argparse
import os
import random
import sys


def generate(processes, machines, resources, transient, seed):
    rng = random.Random(seed)
    neighbourhoods = max(2, machines // 100)
    locations = max(3, machines // 50)
    # Machines: a neighbourhood and a location each (locations inside neighbourhoods), capacities.
    machine_nb = [m * neighbourhoods // machines for m in range(machines)]
    machine_loc = [m * locations // machines for m in range(machines)]
    size = [rng.choice((1.0, 1.0, 2.0, 4.0)) for _ in range(machines)]
    capacity = [[int(size[m] * rng.uniform(8_000, 12_000)) for _ in range(resources)] for m in range(machines)]
    safety = [[int(c * rng.uniform(0.7, 0.9)) for c in row] for row in capacity]

    # Services: sizes from a geometric-like distribution; a few large "infrastructure" services with one
    # process in every neighbourhood, on which others may depend.
    services = []
    remaining = processes
    infrastructure = []
    for _ in range(3):
        if remaining < neighbourhoods:
            break
        services.append(neighbourhoods)
        infrastructure.append(len(services) - 1)
        remaining -= neighbourhoods
    while remaining > 0:
        k = min(remaining, 1 + int(rng.expovariate(1 / 4.0)))
        services.append(k)
        remaining -= k
    spread_min = [min(k, rng.choice((1, 1, 1, 2, 3)), locations) for k in services]
    dependencies = [[] for _ in services]

    # Requirements: heavy-tailed, scaled so that total demand is about 80 % of total safety capacity.
    process_service = []
    for s, k in enumerate(services):
        process_service += [s] * k
    raw = [[min(8.0, rng.lognormvariate(0, 1.0)) for _ in range(resources)] for _ in range(processes)]
    target = [0.8 * sum(safety[m][r] for m in range(machines)) for r in range(resources)]
    scale = [target[r] / sum(row[r] for row in raw) for r in range(resources)]
    requirement = [[max(1, int(row[r] * scale[r])) for r in range(resources)] for row in raw]

    # Initial assignment: each service's processes on distinct machines, its first spreadMin in distinct
    # locations, infrastructure services one per neighbourhood; every machine within capacity.
    used = [[0] * resources for _ in range(machines)]
    assignment = [-1] * processes
    by_nb = [[m for m in range(machines) if machine_nb[m] == n] for n in range(neighbourhoods)]

    def fits(p, m):
        return all(used[m][r] + requirement[p][r] <= capacity[m][r] for r in range(resources))

    def place(p, m):
        assignment[p] = m
        for r in range(resources):
            used[m][r] += requirement[p][r]

    p = 0
    for s, k in enumerate(services):
        taken = set()
        locs = set()
        for i in range(k):
            proc = p + i
            for attempt in range(10_000):
                if s in infrastructure:
                    m = rng.choice(by_nb[i % neighbourhoods])
                else:
                    m = rng.randrange(machines)
                if m in taken or not fits(proc, m):
                    continue
                if i < spread_min[s] and machine_loc[m] in locs:
                    continue
                break
            else:
                # Shrink the process until some machine takes it (keeps the instance feasible).
                requirement[proc] = [1] * resources
                m = next(
                    m for m in range(machines)
                    if m not in taken and (i >= spread_min[s] or machine_loc[m] not in locs) and fits(proc, m))
            taken.add(m)
            locs.add(machine_loc[m])
            place(proc, m)
        p += k

    # Dependencies: some ordinary services depend on an infrastructure service (present in every
    # neighbourhood, so satisfied wherever they are).
    for s in range(len(services)):
        if s not in infrastructure and infrastructure and rng.random() < 0.1:
            dependencies[s] = [rng.choice(infrastructure)]

    process_move_cost = [rng.choice((1, 1, 1, 10, 100)) for _ in range(processes)]
    balances = [(0, 1 % resources, 1, 1)] if resources >= 2 else []
    weights = (1, 10, 100)
    transient_flags = [1 if r < transient else 0 for r in range(resources)]
    load_weight = [10] * resources
    return dict(
        machines=machines, resources=resources, transient=transient_flags, load_weight=load_weight,
        machine_nb=machine_nb, machine_loc=machine_loc, capacity=capacity, safety=safety,
        services=services, spread_min=spread_min, dependencies=dependencies,
        process_service=process_service, requirement=requirement, process_move_cost=process_move_cost,
        balances=balances, weights=weights, assignment=assignment, seed=seed)


def write(instance, directory):
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(instance["seed"] + 1)
    m_count = instance["machines"]
    nb = instance["machine_nb"]
    with open(os.path.join(directory, "model.txt.part"), "w") as f:
        w = f.write
        w(f"{instance['resources']}\n")
        for t, lw in zip(instance["transient"], instance["load_weight"]):
            w(f"{t} {lw}\n")
        w(f"{m_count}\n")
        for m in range(m_count):
            # Machine move cost: 0 to itself, small inside a neighbourhood, larger across.
            row = " ".join(
                "0" if o == m else ("1" if nb[o] == nb[m] else str(2 + (m + o) % 3)) for o in range(m_count))
            w(f"{nb[m]} {instance['machine_loc'][m]} "
              + " ".join(map(str, instance["capacity"][m])) + " "
              + " ".join(map(str, instance["safety"][m])) + " " + row + "\n")
        w(f"{len(instance['services'])}\n")
        for s in range(len(instance["services"])):
            deps = instance["dependencies"][s]
            w(f"{instance['spread_min'][s]} {len(deps)}" + "".join(f" {d}" for d in deps) + "\n")
        w(f"{len(instance['process_service'])}\n")
        for p, s in enumerate(instance["process_service"]):
            w(f"{s} " + " ".join(map(str, instance["requirement"][p])) + f" {instance['process_move_cost'][p]}\n")
        w(f"{len(instance['balances'])}\n")
        for r1, r2, target, weight in instance["balances"]:
            w(f"{r1} {r2} {target}\n{weight}\n")
        w(" ".join(map(str, instance["weights"])) + "\n")
    with open(os.path.join(directory, "assignment.txt.part"), "w") as f:
        f.write(" ".join(map(str, instance["assignment"])) + "\n")
    os.replace(os.path.join(directory, "model.txt.part"), os.path.join(directory, "model.txt"))
    os.replace(os.path.join(directory, "assignment.txt.part"), os.path.join(directory, "assignment.txt"))
    del rng


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=50_000)
    parser.add_argument("--machines", type=int, default=5_000)
    parser.add_argument("--resources", type=int, default=6)
    parser.add_argument("--transient", type=int, default=2, help="how many of the resources are transient")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="directory for model.txt and assignment.txt")
    args = parser.parse_args()
    if args.processes < 1 or args.machines < 3 or args.resources < 1 or not 0 <= args.transient <= args.resources:
        sys.exit("roadef_generate.py: need processes >= 1, machines >= 3, resources >= 1, 0 <= transient <= resources")
    instance = generate(args.processes, args.machines, args.resources, args.transient, args.seed)
    write(instance, args.out)
    print(f"wrote {args.out}/model.txt and {args.out}/assignment.txt "
          f"({args.processes} processes, {args.machines} machines, {len(instance['services'])} services)")


if __name__ == "__main__":
    main()
