#!/usr/bin/env python3
"""Is a ROADEF/EURO 2012 solution a local optimum of shift and swap?

Usage: roadef_local_optimum.py MODEL INITIAL SOLUTION [--swaps]

Scans every shift (one process to another machine) and, with --swaps, every swap of two processes on
different machines, and counts the feasible ones that lower load cost by more than 1 000. Feasibility here
is capacity with transient holds (a process away from its initial machine still counts there for
transient resources) and service conflict; spread, dependencies, balance and move costs are NOT checked,
so a count of 0 is a strong statement (no improving move even with those relaxed) and a positive count
only an upper bound. Python, standard library only; swaps take about a minute on 1 000 processes.
"""
import sys


def read_model(path):
    t = list(map(int, open(path).read().split()))
    i = 0

    def nx():
        nonlocal i
        i += 1
        return t[i - 1]

    R = nx()
    res = [(nx(), nx()) for _ in range(R)]
    M = nx()
    mach = []
    for _ in range(M):
        nx(); nx()  # neighbourhood, location
        C = [nx() for _ in range(R)]
        SC = [nx() for _ in range(R)]
        for _ in range(M):
            nx()
        mach.append((C, SC))
    S = nx()
    for _ in range(S):
        nx()
        for _ in range(nx()):
            nx()
    P = nx()
    procs = []
    for _ in range(P):
        s = nx()
        req = [nx() for _ in range(R)]
        nx()
        procs.append((s, req))
    return res, mach, procs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        sys.exit(__doc__)
    res, mach, procs = read_model(args[0])
    a = list(map(int, open(args[1]).read().split()))
    b = list(map(int, open(args[2]).read().split()))
    R, M, n = len(res), len(mach), len(procs)
    tr = [x[0] for x in res]
    w = [x[1] for x in res]
    U = [[0] * R for _ in range(M)]
    H = [[0] * R for _ in range(M)]  # transient holds
    for p, m in enumerate(b):
        for r in range(R):
            U[m][r] += procs[p][1][r]
            if a[p] != m and tr[r]:
                H[a[p]][r] += procs[p][1][r]
    occupied = {}
    for p, m in enumerate(b):
        occupied[(procs[p][0], m)] = occupied.get((procs[p][0], m), 0) + 1

    def load(m, u):
        return sum(w[r] * max(0, u[r] - mach[m][1][r]) for r in range(R))

    def fits(m, u, h):
        return all(u[r] + h[r] <= mach[m][0][r] for r in range(R))

    def leave(p, m, u, h):
        """Usage and holds of m after p leaves it (m was p's machine)."""
        d = procs[p][1]
        u = [u[r] - d[r] for r in range(R)]
        if a[p] == m:
            h = [h[r] + (d[r] if tr[r] else 0) for r in range(R)]
        return u, h

    def arrive(p, m, u, h):
        d = procs[p][1]
        u = [u[r] + d[r] for r in range(R)]
        if a[p] == m:
            h = [h[r] - (d[r] if tr[r] else 0) for r in range(R)]
        return u, h

    shifts, best_shift = 0, 0
    for p in range(n):
        s, m1 = procs[p][0], b[p]
        u1, h1 = leave(p, m1, U[m1], H[m1])
        d1 = load(m1, u1) - load(m1, U[m1])
        for m2 in range(M):
            if m2 == m1 or occupied.get((s, m2), 0):
                continue
            u2, h2 = arrive(p, m2, U[m2], H[m2])
            if not fits(m2, u2, h2):
                continue
            delta = d1 + load(m2, u2) - load(m2, U[m2])
            if delta < -1000:
                shifts += 1
                best_shift = min(best_shift, delta)
    print(f"improving feasible shifts: {shifts} (best load change {best_shift})")
    if "--swaps" not in sys.argv:
        return
    swaps, best_swap = 0, 0
    for p in range(n):
        m1 = b[p]
        for q in range(p + 1, n):
            m2 = b[q]
            if m1 == m2 or procs[p][0] == procs[q][0]:
                continue
            if occupied.get((procs[p][0], m2), 0) or occupied.get((procs[q][0], m1), 0):
                continue
            u1, h1 = leave(p, m1, U[m1], H[m1])
            u1, h1 = arrive(q, m1, u1, h1)
            if not fits(m1, u1, h1):
                continue
            u2, h2 = leave(q, m2, U[m2], H[m2])
            u2, h2 = arrive(p, m2, u2, h2)
            if not fits(m2, u2, h2):
                continue
            delta = load(m1, u1) + load(m2, u2) - load(m1, U[m1]) - load(m2, U[m2])
            if delta < -1000:
                swaps += 1
                best_swap = min(best_swap, delta)
    print(f"improving feasible swaps: {swaps} (best load change {best_swap})")


main()
