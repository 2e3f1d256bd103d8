#!/usr/bin/env python3
"""Times migration planning through the C ABI (`sp_problem_plan`) from Python ctypes.

Builds an array problem (N shards, M hosts, 2 resources at 75 % fill, a third of the shards in replica
groups of 3), solves it twice with different seeds (two feasible placements that differ almost
everywhere: the hosts are interchangeable), then times:
  1. a plan from the first placement to the second, without a concurrency limit and with
     maxConcurrentPerHost 4 (the planner alone, plus compiling the problem with the current placement);
  2. with the imbalance weight raised to 50, a re-solve from the first placement (1e6 annealing moves on
     2 threads) held to maxMovesTotal 500, and its plan.
Prints the status, moves, waves and wall time of each call.

Usage: swift build -c release --product shardplace-c
       python3 Benchmarks/Scripts/cabi_plan.py [--lib .build/release/libshardplace-c.so] [--shards 10000]
           [--hosts 1000]
"""
import argparse
import ctypes
import random
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lib", default=".build/release/libshardplace-c.so")
    parser.add_argument("--shards", type=int, default=10000)
    parser.add_argument("--hosts", type=int, default=1000)
    args = parser.parse_args()
    lib = ctypes.CDLL(args.lib)
    pointer = ctypes.POINTER
    i32p, f32p = pointer(ctypes.c_int32), pointer(ctypes.c_float)
    lib.sp_last_error.restype = ctypes.c_char_p
    lib.sp_problem_create.argtypes = [ctypes.c_int32] * 3 + [f32p, f32p, i32p, pointer(ctypes.c_void_p)]
    lib.sp_problem_set_option.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_double]
    lib.sp_problem_set_weight.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_double]
    lib.sp_problem_solve.argtypes = [ctypes.c_void_p, i32p]
    lib.sp_problem_plan.argtypes = [ctypes.c_void_p, ctypes.c_int32, i32p, i32p, pointer(ctypes.c_void_p)]
    lib.sp_plan_size.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.sp_plan_free.argtypes = [ctypes.c_void_p]
    lib.sp_problem_free.argtypes = [ctypes.c_void_p]

    n, m, d = args.shards, args.hosts, 2
    rng = random.Random(1)
    demand = [rng.uniform(0.5, 4) for _ in range(n * d)]
    total = [sum(demand[r::d]) for r in range(d)]
    capacity = [total[r] / m / 0.75 for _ in range(m) for r in range(d)]
    group = [s // 3 if s < n // 3 else -1 for s in range(n)]
    problem = ctypes.c_void_p()
    status = lib.sp_problem_create(
        n, m, d, (ctypes.c_float * len(demand))(*demand), (ctypes.c_float * len(capacity))(*capacity),
        (ctypes.c_int32 * n)(*group), ctypes.byref(problem))
    assert status == 0, lib.sp_last_error()
    lib.sp_problem_set_option(problem, b"threads", 2)
    lib.sp_problem_set_option(problem, b"iterations", 2_000_000)
    first, second = (ctypes.c_int32 * n)(), (ctypes.c_int32 * n)()
    for seed, placement in ((1, first), (2, second)):
        lib.sp_problem_set_option(problem, b"seed", seed)
        assert lib.sp_problem_solve(problem, placement) == 0, lib.sp_last_error()
    moved = sum(1 for s in range(n) if first[s] != second[s])

    def timed(what, current, target):
        plan = ctypes.c_void_p()
        began = time.perf_counter()
        status = lib.sp_problem_plan(problem, n, current, target, ctypes.byref(plan))
        seconds = time.perf_counter() - began
        print(f"{what}: status {status}, {lib.sp_plan_size(plan, b'moves')} moves in "
              f"{lib.sp_plan_size(plan, b'waves')} waves, {seconds:.3f} s")
        lib.sp_plan_free(plan)

    print(f"{n} shards x {m} hosts; the two placements differ on {moved} shards")
    for limit in (-1, 4):
        lib.sp_problem_set_option(problem, b"maxConcurrentPerHost", limit)
        timed(f"given target, maxConcurrentPerHost {limit}", first, second)
    lib.sp_problem_set_weight(problem, b"imbalance", 50)
    lib.sp_problem_set_option(problem, b"maxMovesTotal", 500)
    lib.sp_problem_set_option(problem, b"iterations", 1_000_000)
    timed("imbalance 50, re-solve (1e6 moves, 2 threads) + plan, maxMovesTotal 500, maxConcurrentPerHost 4",
          first, None)
    lib.sp_problem_free(problem)


if __name__ == "__main__":
    main()
