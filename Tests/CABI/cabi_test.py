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

SP_OK, SP_INFEASIBLE, SP_INCOMPLETE, SP_ERR_ARGUMENT, SP_ERR_HANDLE, SP_ERR_STATE = 0, 1, 2, -1, -2, -5


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
        # Revision 2.
        "sp_abi_revision": (ctypes.c_int, []),
        "sp_problem_set_weight": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_double]),
        "sp_problem_weight": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, c_double_p]),
        "sp_problem_plan": (
            ctypes.c_int, [ctypes.c_void_p, ctypes.c_int32, c_int32_p, c_int32_p, ctypes.POINTER(ctypes.c_void_p)]),
        "sp_plan_size": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p]),
        "sp_plan_value": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, c_double_p]),
        "sp_plan_moves": (
            ctypes.c_int, [ctypes.c_void_p, c_int32_p, c_int32_p, c_int32_p, c_int32_p, c_int32_p, ctypes.c_int32]),
        "sp_plan_move_kind_name": (ctypes.c_char_p, [ctypes.c_int]),
        "sp_plan_blocked": (
            ctypes.c_int,
            [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int32, c_int32_p, c_int32_p, c_int32_p, ctypes.c_char_p,
             ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)],
        ),
        "sp_plan_placement": (ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, c_int32_p, ctypes.c_int32]),
        "sp_plan_json": (
            ctypes.c_int, [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]),
        "sp_plan_free": (None, [ctypes.c_void_p]),
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


def replay(lib, plan, current, target, demand, capacity, group, hosts, resources, limit):
    """Our own replay of a plan (host depth): every move leaves where its shard is at the start of its wave;
    at most `limit` moves into and out of a host per wave; every receiving host holds its settled shards
    (moving ones still at their source) plus the wave's incoming demand within capacity; replicas of a
    group never share a host (a moving one is at both ends); a complete plan ends at the target.
    Returns None when all holds, else the first broken rule."""
    n = lib.sp_plan_size(plan, b"moves")
    shard, source, to, wave, kind = [(ctypes.c_int32 * max(n, 1))() for _ in range(5)]
    if lib.sp_plan_moves(plan, shard, source, to, wave, kind, n) != SP_OK:
        return "sp_plan_moves failed"
    at = list(current)
    waves = {}
    for m in range(n):
        waves.setdefault(wave[m], []).append(m)
    if sorted(waves) != list(range(lib.sp_plan_size(plan, b"waves"))):
        return f"waves {sorted(waves)}"
    for w in sorted(waves):
        moving, into, out = {}, [0] * hosts, [0] * hosts
        load = [0.0] * (hosts * resources)
        for s, h in enumerate(at):
            for r in range(resources):
                if h >= 0:
                    load[h * resources + r] += demand[s * resources + r]
        for m in waves[w]:
            s = shard[m]
            if source[m] != at[s]:
                return f"wave {w}: shard {s} leaves {source[m]} but is on {at[s]}"
            if s in moving:
                return f"wave {w}: shard {s} moves twice"
            moving[s] = to[m]
            into[to[m]] += 1
            if source[m] >= 0:
                out[source[m]] += 1
            for r in range(resources):
                load[to[m] * resources + r] += demand[s * resources + r]
        for h in range(hosts):
            if limit and (into[h] > limit or out[h] > limit):
                return f"wave {w}: host {h} receives {into[h]}, sends {out[h]}, limit {limit}"
            for r in range(resources):
                if into[h] and load[h * resources + r] > capacity[h * resources + r] * (1 + 1e-6):
                    return f"wave {w}: host {h} resource {r} holds {load[h * resources + r]}"
        present = {}
        for s in range(len(at)):
            if group[s] < 0:
                continue
            for h in {at[s], moving.get(s, at[s])} - {-1}:
                if (group[s], h) in present:
                    return f"wave {w}: replicas {present[(group[s], h)]} and {s} both on host {h}"
                present[(group[s], h)] = s
        for s, h in moving.items():
            at[s] = h
    final = (ctypes.c_int32 * len(at))()
    lib.sp_plan_placement(plan, b"final", final, len(at))
    if list(final) != at:
        return "the replay does not end at the plan's final placement"
    complete = ctypes.c_double()
    lib.sp_plan_value(plan, b"complete", ctypes.byref(complete))
    if complete.value == 1 and at != list(target):
        return "complete, but the replay does not end at the target"
    return None


def test_weights_and_plan(lib, t, d, c, g, o, tg, w, shards, hosts, resources, group):
    """Weights change the weighted breakdown exactly; a re-solve plan under limits replays cleanly."""
    handle = ctypes.c_void_p()
    t.check(lib.sp_problem_create_with_traffic(shards, hosts, resources, d, c, g, o, tg, w,
                                               ctypes.byref(handle)) == SP_OK, "create")
    for name, value in (("threads", 2), ("seed", 5), ("iterations", 50000)):
        lib.sp_problem_set_option(handle, name.encode(), value)
    current = (ctypes.c_int32 * shards)()
    t.check(lib.sp_problem_solve(handle, current) == SP_OK, "solve")
    count = lib.sp_term_count()
    names = [lib.sp_term_name(i).decode() for i in range(count)]
    traffic = names.index("traffic")
    terms, weighted = (ctypes.c_double * count)(), (ctypes.c_double * count)()
    lib.sp_problem_breakdown(handle, current, terms, weighted, count)
    cost, ok = ctypes.c_double(), ctypes.c_int()
    lib.sp_problem_evaluate(handle, current, ctypes.byref(cost), ctypes.byref(ok))
    weight = ctypes.c_double()
    t.check(lib.sp_problem_weight(handle, b"traffic", ctypes.byref(weight)) == SP_OK and weight.value == 1,
            "default traffic weight 1")
    t.check(lib.sp_problem_set_weight(handle, b"traffic", 4.0) == SP_OK, "set traffic weight 4")
    terms2, weighted2 = (ctypes.c_double * count)(), (ctypes.c_double * count)()
    lib.sp_problem_breakdown(handle, current, terms2, weighted2, count)
    cost2 = ctypes.c_double()
    lib.sp_problem_evaluate(handle, current, ctypes.byref(cost2), ctypes.byref(ok))
    t.check(list(terms2) == list(terms), "unweighted terms unchanged")
    t.check(weighted2[traffic] == 4.0 * terms[traffic] and terms[traffic] > 0, "weighted traffic is 4 x traffic")
    t.check(all(weighted2[i] == weighted[i] for i in range(count) if i != traffic), "other weighted terms unchanged")
    t.check(math.isclose(cost2.value, cost.value + 3 * terms[traffic], rel_tol=1e-12), "cost rises by 3 x traffic")
    for term, value in ((b"capacity", 1.0), (b"colour", 1.0), (b"traffic", float("nan")), (b"traffic", -0.5)):
        t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_set_weight(handle, term, value), f"weight {term} {value}")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_weight(handle, b"traffic", None), "weight into NULL")
    lib.sp_problem_set_weight(handle, b"traffic", 1.0)

    # Re-solve from the solved placement once spreading utilisation weighs (imbalance, 0 until now): at most
    # 8 shards may change host, 2 moves into or out of a host per wave.
    t.check(lib.sp_problem_set_weight(handle, b"imbalance", 50.0) == SP_OK, "set imbalance weight")
    for name, value in (("maxMovesTotal", 8), ("maxConcurrentPerHost", 2), ("seed", 9)):
        t.check(lib.sp_problem_set_option(handle, name.encode(), value) == SP_OK, f"option {name}")
    plan = ctypes.c_void_p()
    status = lib.sp_problem_plan(handle, shards, current, None, ctypes.byref(plan))
    t.check(status in (SP_OK, SP_INCOMPLETE), f"plan status {status}")
    target = (ctypes.c_int32 * shards)()
    t.check(lib.sp_plan_placement(plan, b"target", target, shards) == SP_OK, "target")
    moved = sum(1 for s in range(shards) if target[s] != current[s])
    t.check(0 < moved <= 8, f"{moved} shards change host, limit 8")
    reverted = ctypes.c_double()
    t.check(lib.sp_plan_value(plan, b"reverted", ctypes.byref(reverted)) == SP_OK, "reverted")
    print(f"cabi_test.py: re-solve plan: {moved} shards moved, {int(reverted.value)} reverted, "
          f"{lib.sp_plan_size(plan, b'moves')} moves in {lib.sp_plan_size(plan, b'waves')} waves, status {status}")
    problem = replay(lib, plan, list(current), list(target), list(d), list(c), group, hosts, resources, 2)
    t.check(problem is None, f"replay: {problem}")
    length = ctypes.c_size_t()
    t.check(lib.sp_plan_json(plan, None, 0, ctypes.byref(length)) == SP_OK, "json length")
    text = ctypes.create_string_buffer(length.value + 1)
    t.check(lib.sp_plan_json(plan, text, length.value + 1, ctypes.byref(length)) == SP_OK, "json")
    import json
    document = json.loads(text.value.decode())
    t.check(document["moves"] == lib.sp_plan_size(plan, b"moves") and len(document["waves"]) ==
            lib.sp_plan_size(plan, b"waves"), "the JSON counts the same moves and waves")
    t.check(sorted(document["target"].items()) == sorted((f"s{s}", f"h{target[s]}") for s in range(shards)),
            "the JSON target is the plan's target")

    # Bad arguments.
    other = ctypes.c_void_p()
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_plan(handle, shards - 1, current, None, ctypes.byref(other)),
                   "plan with the wrong shard count")
    bad = (ctypes.c_int32 * shards)(*current)
    bad[7] = hosts
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_plan(handle, shards, current, bad, ctypes.byref(other)),
                   "target host out of range")
    t.check("target[7]" in lib.sp_last_error().decode(), "the message names target[7]")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_plan(handle, shards, bad, None, ctypes.byref(other)),
                   "current host out of range")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_plan(handle, shards, current, None, None), "NULL out")
    few = (ctypes.c_int32 * 1)()
    moves = lib.sp_plan_size(plan, b"moves")
    if moves > 1:
        t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_plan_moves(plan, few, None, None, None, None, 1),
                       "moves into a short array")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_plan_size(plan, b"furlongs"), "unknown size")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_plan_placement(plan, b"target", target, shards - 1),
                   "placement into a short array")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_plan_blocked(plan, b"blocked", -1, None, None, None, None, 0, None),
                   "blocked index -1")
    t.expect_error(SP_ERR_ARGUMENT, lambda: lib.sp_problem_set_option(handle, b"maxConcurrentPerHost", 0),
                   "maxConcurrentPerHost 0")
    lib.sp_plan_free(plan)
    t.expect_error(SP_ERR_HANDLE, lambda: lib.sp_plan_size(plan, b"moves"), "plan used after free")
    t.expect_error(SP_ERR_HANDLE, lambda: lib.sp_plan_json(plan, None, 0, ctypes.byref(length)), "json after free")
    lib.sp_problem_free(handle)
    t.expect_error(SP_ERR_HANDLE, lambda: lib.sp_problem_plan(handle, shards, current, None, ctypes.byref(other)),
                   "plan on a freed problem")
    t.expect_error(SP_ERR_HANDLE, lambda: lib.sp_problem_set_weight(handle, b"traffic", 1.0), "weight after free")


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    lib = load(sys.argv[1])
    t = Checks(lib)
    t.check(lib.sp_abi_version() == 1 and lib.sp_abi_revision() >= 2, "ABI version 1, revision 2 or later")

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

    test_weights_and_plan(lib, t, d, c, g, o, tg, w, shards, hosts, resources, group)

    print(f"cabi_test.py: {t.passed} passed, {t.failed} failed")
    return 0 if t.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
