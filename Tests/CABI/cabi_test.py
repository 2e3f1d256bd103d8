#!/usr/bin/env python3
"""The C ABI from Python, with ctypes only (no third-party packages); run by .ci/run.

Usage: python3 Tests/CABI/cabi_test.py PATH/TO/libshardplace.so

Loads the library, builds a problem from plain arrays, solves it, and checks the placement with its own
feasibility check (capacity per host and resource, replicas of a group on distinct hosts); the solve's
cost must equal the library's evaluation and the sum of its weighted breakdown. Bad arguments must give a
negative status and a message. Ends with "N passed, N failed"; exit status 1 on any failure.
"""
import ctypes
import math
import random
import sys

c_int32_p = ctypes.POINTER(ctypes.c_int32)
c_float_p = ctypes.POINTER(ctypes.c_float)
c_double_p = ctypes.POINTER(ctypes.c_double)

SP_OK, SP_INFEASIBLE, SP_ERR_ARGUMENT, SP_ERR_HANDLE, SP_ERR_STATE = 0, 1, -1, -2, -5


def load(path):
    lib = ctypes.CDLL(path)
    signatures = {
        "sp_abi_version": (ctypes.c_int, []),
        "sp_last_error": (ctypes.c_char_p, []),
        "sp_clear_error": (None, []),
        "sp_term_count": (ctypes.c_int, []),
        "sp_term_name": (ctypes.c_char_p, [ctypes.c_int]),
        "sp_problem_create": (
            ctypes.c_int,
            [ctypes.c_int32, ctypes.c_int32, ctypes.c_int32, c_float_p, c_float_p, c_int32_p,
             ctypes.POINTER(ctypes.c_void_p)],
        ),
        "sp_problem_create_with_traffic": (
            ctypes.c_int,
            [ctypes.c_int32, ctypes.c_int32, ctypes.c_int32, c_float_p, c_float_p, c_int32_p, c_int32_p, c_int32_p,
             c_float_p, ctypes.POINTER(ctypes.c_void_p)],
        ),
        "sp_problem_set_option": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_double]),
        "sp_problem_solve": (ctypes.c_int, [ctypes.c_void_p, c_int32_p]),
        "sp_problem_solution": (
            ctypes.c_int,
            [ctypes.c_void_p, c_int32_p, c_double_p, ctypes.POINTER(ctypes.c_int),
             ctypes.POINTER(ctypes.c_int64), c_double_p],
        ),
        "sp_problem_evaluate": (
            ctypes.c_int, [ctypes.c_void_p, c_int32_p, c_double_p, ctypes.POINTER(ctypes.c_int)]),
        "sp_problem_breakdown": (
            ctypes.c_int, [ctypes.c_void_p, c_int32_p, c_double_p, c_double_p, ctypes.c_int32]),
        "sp_problem_free": (None, [ctypes.c_void_p]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes
    return lib


class Checks:
    def __init__(self, lib):
        self.lib = lib
        self.passed = 0
        self.failed = 0

    def check(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failed += 1
            error = self.lib.sp_last_error().decode()
            print(f"FAIL {what} (last error: {error})", file=sys.stderr)

    def expect_error(self, expected, call, what):
        self.lib.sp_clear_error()
        status = call()
        message = self.lib.sp_last_error().decode()
        self.check(status == expected and message != "", f"{what}: status {status}, expected {expected}")


def make_problem(seed, shards, hosts, resources, replicas):
    """A random problem that has room: capacity is 1.6 times the demand, spread over the hosts."""
    rng = random.Random(seed)
    demand = [rng.uniform(0.5, 4.0) for _ in range(shards * resources)]
    total = [sum(demand[s * resources + r] for s in range(shards)) for r in range(resources)]
    capacity = [1.6 * total[r] / hosts for _ in range(hosts) for r in range(resources)]
    group = [s // replicas if s < shards // 2 else -1 for s in range(shards)]
    return demand, capacity, group


def feasible(placement, demand, capacity, group, hosts, resources):
    """Our own check, independent of the library."""
    load = [0.0] * (hosts * resources)
    seen = set()
    for s, h in enumerate(placement):
        if not 0 <= h < hosts:
            return False
        for r in range(resources):
            load[h * resources + r] += demand[s * resources + r]
        if group[s] >= 0:
            if (group[s], h) in seen:
                return False
            seen.add((group[s], h))
    return all(load[i] <= capacity[i] * (1 + 1e-6) for i in range(hosts * resources))


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    lib = load(sys.argv[1])
    t = Checks(lib)
    t.check(lib.sp_abi_version() == 1, "ABI version 1")

    shards, hosts, resources, replicas = 300, 24, 3, 3
    demand, capacity, group = make_problem(11, shards, hosts, resources, replicas)
    d = (ctypes.c_float * len(demand))(*demand)
    c = (ctypes.c_float * len(capacity))(*capacity)
    g = (ctypes.c_int32 * shards)(*group)
    # Traffic in CSR form: each replica talks to the next one of its group. Replicas sit on distinct
    # hosts, so the traffic term (and the cost) cannot be 0.
    offsets, targets, weights = [0], [], []
    for s in range(shards):
        if group[s] >= 0 and s + 1 < shards and group[s + 1] == group[s]:
            targets.append(s + 1)
            weights.append(1.0 + s % 4)
        offsets.append(len(targets))
    o = (ctypes.c_int32 * len(offsets))(*offsets)
    tg = (ctypes.c_int32 * len(targets))(*targets)
    w = (ctypes.c_float * len(weights))(*weights)
    handle = ctypes.c_void_p()
    t.check(lib.sp_problem_create_with_traffic(shards, hosts, resources, d, c, g, o, tg, w,
                                               ctypes.byref(handle)) == SP_OK, "create")
    for name, value in (("threads", 2), ("seed", 5), ("iterations", 100000)):
        t.check(lib.sp_problem_set_option(handle, name.encode(), value) == SP_OK, f"option {name}")

    placement = (ctypes.c_int32 * shards)()
    t.check(lib.sp_problem_solve(handle, placement) == SP_OK, "solve")
    # The library sees float32 numbers: check with the same rounding.
    demand32, capacity32 = list(d), list(c)
    t.check(feasible(list(placement), demand32, capacity32, group, hosts, resources), "our feasibility check")

    solved, flag, moves = ctypes.c_double(), ctypes.c_int(), ctypes.c_int64()
    t.check(lib.sp_problem_solution(handle, None, ctypes.byref(solved), ctypes.byref(flag), ctypes.byref(moves),
                                    None) == SP_OK, "solution")
    t.check(flag.value == 1 and moves.value > 0, "solution is feasible with moves")
    t.check(solved.value > 0, f"replicas that talk pay for the distance: cost {solved.value} > 0")
    cost, ok = ctypes.c_double(), ctypes.c_int()
    t.check(lib.sp_problem_evaluate(handle, placement, ctypes.byref(cost), ctypes.byref(ok)) == SP_OK, "evaluate")
    t.check(ok.value == 1 and cost.value == solved.value, f"evaluate {cost.value!r} == solve {solved.value!r}")

    count = lib.sp_term_count()
    terms, weighted = (ctypes.c_double * count)(), (ctypes.c_double * count)()
    t.check(lib.sp_problem_breakdown(handle, placement, terms, weighted, count) == SP_OK, "breakdown")
    names = [lib.sp_term_name(i).decode() for i in range(count)]
    t.check(names[0] == "capacity" and "traffic" in names, "term names")
    t.check(math.isclose(sum(weighted), cost.value, rel_tol=1e-9, abs_tol=1e-9), "breakdown sums to the cost")

    # A placement that breaks our check also breaks the library's.
    crowded = (ctypes.c_int32 * shards)(*([0] * shards))
    t.check(lib.sp_problem_evaluate(handle, crowded, ctypes.byref(cost), ctypes.byref(ok)) == SP_OK
            and ok.value == 0, "everything on one host is infeasible")

    # Bad arguments: a status and a message, never a crash.
    nan_demand = (ctypes.c_float * len(demand))(*demand)
    nan_demand[4] = float("nan")
    other = ctypes.c_void_p()
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_create(shards, hosts, resources, nan_demand, c, g,
                                                                  ctypes.byref(other)), "NaN demand")
    t.check("demand[4]" in lib.sp_last_error().decode(), "the message names demand[4]")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_create(0, hosts, resources, d, c, g,
                                                                  ctypes.byref(other)), "zero shards")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_create(shards, hosts, resources, None, c, g,
                                                                  ctypes.byref(other)), "NULL demand")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_set_option(handle, b"warp", 9), "unknown option")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_solve(handle, None), "NULL placement")
    bad = (ctypes.c_int32 * shards)(*placement)
    bad[0] = hosts
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_evaluate(handle, bad, ctypes.byref(cost),
                                                                    ctypes.byref(ok)), "location out of range")
    lib.sp_problem_free(handle)
    t.expect_error(SP_ERR_HANDLE, lambda: lib.sp_problem_solve(handle, placement), "solve after free")
    t.expect_error(SP_ERR_HANDLE, lambda: lib.sp_problem_evaluate(handle, placement, ctypes.byref(cost),
                                                                  ctypes.byref(ok)), "evaluate after free")

    print(f"cabi_test.py: {t.passed} passed, {t.failed} failed")
    return 0 if t.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
