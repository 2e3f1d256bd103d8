/*
 * shardplace.h — the C ABI of shardplace, a shard-placement engine.
 *
 * One header, C99 and C++. Link with -lshardplace (pkg-config: shardplace). Every symbol starts with
 * `sp_` / `SP_`. Handles are opaque; plain integers, doubles and caller-allocated arrays cross the
 * boundary; no Swift type does.
 *
 * Status codes: every call that can fail returns an int. 0 (SP_OK) is success; a negative value is an
 * error, and sp_last_error() then returns a one-line message for the calling thread; a positive value
 * is a success with a caveat (SP_INFEASIBLE, SP_INCOMPLETE), also explained by sp_last_error(). Calls
 * never abort on bad arguments.
 *
 * Handles: a handle is a token, not a pointer into the library's memory. The library keeps a table of
 * live handles: a handle that was freed, one of the wrong kind (a topology passed as a problem) or a
 * value the library never returned is detected on every call and rejected with SP_ERR_HANDLE. Tokens
 * are never reused, so a stale handle cannot alias a newer one. What cannot be detected: a pointer
 * argument that is not NULL but points to too little memory (the library trusts the lengths it is
 * given, as memcpy does).
 *
 * Threads: every call is safe from any thread. Calls on different handles run in parallel; calls on one
 * problem handle are serialised where they touch its options or last result (a solve holds no lock
 * while it runs; two concurrent solves of one problem each finish, and the later one's result is kept).
 * sp_*_free may be called while another thread uses the handle: that call finishes on the live data.
 * Changes that recompile a problem (sp_problem_set_weight, the "depth" option) are applied one after the
 * other, none lost; a solve, evaluation or plan already running keeps the model it started with.
 * A plan handle is immutable: any number of threads may read it at once.
 *
 * Versions: SP_ABI_VERSION changes only when an entry point changes meaning or signature (it is the
 * SONAME: libshardplace.so.1); SP_ABI_REVISION counts additions within it, each a symbol version of its
 * own (SHARDPLACE_1, SHARDPLACE_1.2), so that a program built against revision 2 that runs on a
 * revision-1 library is refused by the dynamic linker instead of failing at its first call.
 *   revision 1: library, topology, problems, solve, evaluation, breakdown, forecasting;
 *   revision 2: sp_abi_revision, migration planning (sp_problem_plan, sp_plan_*, SP_INCOMPLETE, the
 *               planning options of sp_problem_set_option), soft-term weights (sp_problem_set_weight,
 *               sp_problem_weight).
 */
#ifndef SHARDPLACE_H
#define SHARDPLACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI this header describes. Compare with sp_abi_version() at run time. */
#define SP_ABI_VERSION 1
/** The revision of that ABI this header describes (additions only). Compare with sp_abi_revision(). */
#define SP_ABI_REVISION 2

/* Status codes. */
#define SP_OK 0
/** Success, but the placement violates a hard constraint (sp_last_error() says which). */
#define SP_INFEASIBLE 1
/** A plan was made, but it leaves moves out (blocked by the rules or deferred by the limits) or its target
 *  moves more than the limits allow (sp_last_error() says how many and why). */
#define SP_INCOMPLETE 2
/** A NULL pointer, a size out of range, a NaN or infinite number, an unknown name or option value. */
#define SP_ERR_ARGUMENT (-1)
/** A handle that is NULL, was freed, was never returned by the library, or is of the wrong kind. */
#define SP_ERR_HANDLE (-2)
/** A scenario document (JSON) that does not parse or does not validate; the message names each field. */
#define SP_ERR_SCENARIO (-3)
/** hwloc could not load a topology (missing file, malformed XML, bad synthetic description). */
#define SP_ERR_TOPOLOGY (-4)
/** The call needs a result that is not there yet (a solution before any solve). */
#define SP_ERR_STATE (-5)
/** A caller buffer is too small; the required length was reported. */
#define SP_ERR_BUFFER (-6)
/** A failure inside the library that is not the caller's; the message says what. */
#define SP_ERR_INTERNAL (-99)

/** A loaded hardware topology (hwloc). */
typedef struct sp_topology sp_topology;
/** A compiled placement problem, its solve options and its last solution. */
typedef struct sp_problem sp_problem;
/** A migration plan: moves ordered into waves, the moves it leaves out and why. Immutable. */
typedef struct sp_plan sp_plan;

/* ---- Library ----------------------------------------------------------------------------------- */

/** The ABI version of the loaded library (SP_ABI_VERSION of the header it was built with). */
int sp_abi_version(void);

/** The ABI revision of the loaded library (SP_ABI_REVISION of the header it was built with). Revision 2. */
int sp_abi_revision(void);

/**
 * The message of the calling thread's last failure ("" when none). Valid until the thread's next
 * failing call; owned by the library (do not free). Successful calls do not clear it.
 */
const char *sp_last_error(void);

/** Empties the calling thread's last-error message (so that a later failure is unambiguous). */
void sp_clear_error(void);

/** Number of cost terms (hard terms first, then soft terms). */
int sp_term_count(void);

/** Name of cost term `index` ("capacity", …, "price", "egress"), or NULL when out of range. Static storage. */
const char *sp_term_name(int index);

/* ---- Topology ---------------------------------------------------------------------------------- */

/**
 * Loads a topology through hwloc.
 * kind: "live" (this machine; source ignored, may be NULL), "xml" (source: path to an hwloc XML
 * export), "xml-buffer" (source: the XML text itself), "synthetic" (source: an hwloc synthetic
 * description such as "pack:2 numa:2 core:4 pu:2").
 * On success *out receives a handle to free with sp_topology_free.
 */
int sp_topology_load(const char *kind, const char *source, sp_topology **out);

/**
 * Number of objects of a type: "machine", "package", "die", "group", "numa", "l3", "l2", "l1",
 * "core", "pu" (hwloc's names and aliases such as "NUMANode", "socket" also work).
 * Returns the count (>= 0) or a negative status.
 */
int sp_topology_count(const sp_topology *t, const char *type);

/**
 * The topology as JSON (the document of `shardplace topology --format json`), NUL-terminated.
 * *length receives the length without the NUL. buffer may be NULL with capacity 0 to ask for the
 * length; when capacity <= length nothing is written and SP_ERR_BUFFER is returned.
 */
int sp_topology_json(const sp_topology *t, char *buffer, size_t capacity, size_t *length);

/** Releases a topology. NULL is ignored; a stale handle is ignored and sets sp_last_error(). */
void sp_topology_free(sp_topology *t);

/* ---- Problems ---------------------------------------------------------------------------------- */

/**
 * Creates a problem from arrays: shards are placed on hosts, each host's capacity bounds the summed
 * demand per resource (hard), shards of one group >= 0 go on distinct hosts (hard), and the soft terms
 * use the default policy (load above capacity, traffic between shards on different hosts).
 * demand: shards x resources, row-major; capacity: hosts x resources, row-major (finite, >= 0);
 * group: one id per shard, -1 for none (may be NULL: no groups).
 * Shard s is named "s<s>", host h "h<h>", resource r "r<r>", group g "g<g>" in messages.
 */
int sp_problem_create(int32_t shards, int32_t hosts, int32_t resources, const float *demand, const float *capacity,
                      const int32_t *group, sp_problem **out);

/**
 * As sp_problem_create, with traffic between shards in CSR form: the edges of shard s are
 * targets[offsets[s] .. offsets[s+1]) with weights at the same positions. offsets has shards + 1
 * entries, starts at 0 and never decreases. Traffic is undirected: give each pair once (a pair given
 * in both directions counts twice). Weights are finite and >= 0; self-edges are not allowed.
 * offsets, targets and weights may all be NULL (no traffic).
 */
int sp_problem_create_with_traffic(int32_t shards, int32_t hosts, int32_t resources, const float *demand,
                                   const float *capacity, const int32_t *group, const int32_t *offsets,
                                   const int32_t *targets, const float *weights, sp_problem **out);

/**
 * Creates a problem from a scenario document (JSON text, the format of `shardplace place --scenario`:
 * resources, hosts with labels and topologies, groups, shards, traffic, current placement, depth,
 * policy). Relative topology paths resolve against the current directory.
 */
int sp_problem_create_json(const char *json, sp_problem **out);

/**
 * Sets a solve or planning option. Solve options (sp_problem_solve, and the re-solve of sp_problem_plan):
 *   "threads"    chains (threads), integer >= 0; 0 = every PU this process may use (default);
 *   "seed"       integer in [0, 2^53]; default 1;
 *   "seconds"    wall-clock limit, > 0; 0 = none (default);
 *   "iterations" total move budget, integer >= 0; 0 = default (2,000 per shard, within
 *                [2e5, 2e8] when no time limit is set);
 *   "depth"      0 host, 1 NUMA node, 2 L3 group, 3 core: recompiles the problem (the last solution is
 *                discarded); hosts without a topology stay single leaves.
 * With a seed and an iteration budget a solve is deterministic for a given thread count.
 * Planning limits (sp_problem_plan; revision 2), named as the fields of a scenario's policy.migration;
 * -1 = no limit, the default of array-built problems (a scenario document's own limits otherwise):
 *   "maxConcurrentPerHost" moves into one host in one wave, and moves out of one host: integer >= 1;
 *   "maxMovesTotal"        moves in the plan (both legs of a staged move count) and, when the plan
 *                          re-solves or holds a target to the limits, shards that change host: integer >= 0;
 *   "maxMovesPerHost"      moves with their source or destination on one host, over the plan: integer >= 0;
 *   "maxMovesPerDomain"    moves touching one failure domain (each key of policy.domainLevels): integer >= 0;
 *   "maxBytesPerWave"      bytes copied by one wave (shard sizes): >= 0;
 *   "maxBytesTotal"        bytes copied by the plan: >= 0;
 *   "bandwidth"            copy bandwidth of one move in bytes/s, for phase durations: > 0; -1 = the
 *                          scenario's, else 125e6 (1 Gbit/s).
 */
int sp_problem_set_option(sp_problem *p, const char *name, double value);

/**
 * Sets the weight of a soft term (revision 2): term is a name of sp_term_name that is not a hard term
 * ("load", "balance", "imbalance", "traffic", "fragmentation", "migration", "bytes", "groupMoves",
 * "hostMoves", "price", "egress"); weight is finite and >= 0. Hard terms have no weight (every result
 * keeps them at 0): naming one is an error, as is an unknown name. The problem is recompiled: later
 * solves, evaluations, breakdowns and plans use the new weight, and the last solution is discarded (it
 * was priced with the old one). Defaults: the scenario's policy.weights; for array-built problems load,
 * balance, traffic, migration and egress 1, the others 0.
 */
int sp_problem_set_weight(sp_problem *p, const char *term, double weight);

/** The weight of a soft term now, into *weight (revision 2). Same names and errors as sp_problem_set_weight. */
int sp_problem_weight(const sp_problem *p, const char *term, double *weight);

/** Sizes: "shards", "hosts", "resources", "groups", "leaves" (placement locations), "terms". Returns >= 0 or a
 *  negative status. */
int sp_problem_size(const sp_problem *p, const char *what);

/** The host of placement location `leaf` (equal to leaf at host depth), or a negative status. */
int sp_problem_leaf_host(const sp_problem *p, int32_t leaf);

/**
 * The name of an item: what is "shard", "host", "resource", "group" or "leaf" ("host/numa:1" below
 * host depth). Same buffer convention as sp_topology_json.
 */
int sp_problem_name(const sp_problem *p, const char *what, int32_t index, char *buffer, size_t capacity,
                    size_t *length);

/**
 * Solves: greedy start, then parallel simulated annealing under the options. Writes one location
 * (leaf index; the host index at host depth) per shard into placement (shards entries).
 * Returns SP_OK when the placement is feasible, SP_INFEASIBLE (with the violations in
 * sp_last_error()) when no feasible placement was found, or a negative status (nothing written).
 */
int sp_problem_solve(sp_problem *p, int32_t *placement);

/**
 * The last solve's result: placement (shards entries, may be NULL), its cost (the weighted objective,
 * may be NULL), whether it is feasible (may be NULL), moves evaluated (may be NULL) and seconds taken
 * (may be NULL). SP_ERR_STATE before the first solve.
 */
int sp_problem_solution(const sp_problem *p, int32_t *placement, double *cost, int *feasible, int64_t *moves,
                        double *seconds);

/**
 * Evaluates a placement in full: one location per shard (leaf index, -1 = unplaced). *cost receives
 * the weighted objective, *feasible 1 when every hard term is 0, else 0.
 */
int sp_problem_evaluate(const sp_problem *p, const int32_t *placement, double *cost, int *feasible);

/**
 * The cost breakdown of a placement: terms (may be NULL) receives every term unweighted, in
 * sp_term_name order; weighted (may be NULL) receives weight x term for soft terms and 0 for hard
 * terms, so that it sums to the cost. count is the length of the arrays, at least sp_term_count().
 */
int sp_problem_breakdown(const sp_problem *p, const int32_t *placement, double *terms, double *weighted,
                         int32_t count);

/** Releases a problem. NULL is ignored; a stale handle is ignored and sets sp_last_error(). Plans made
 *  from it stay valid. */
void sp_problem_free(sp_problem *p);

/* ---- Migration planning (revision 2) ------------------------------------------------------------------- */

/**
 * Plans a migration on problem p with its planning limits (sp_problem_set_option) — the planner of
 * `shardplace plan`, with the same rules:
 *   - every move of a wave fits its destination while the shard still occupies its source: for every
 *     receiving host and resource, settled usage (moving shards counted at their source) + the demand of
 *     the wave's incoming moves <= capacity;
 *   - at most maxConcurrentPerHost moves into, and at most as many out of, one host per wave; at most
 *     maxBytesPerWave bytes per wave;
 *   - replica groups keep their minimum of members in place, and never have two members present in one
 *     anti-affinity domain (a moving member is present at both ends);
 *   - a cycle of full hosts goes through a staging host: a "stage" move there, an "unstage" move to the
 *     target in a later wave;
 *   - moves are ranked by urgency (overload probability x impact / transfer cost); the limits on moves
 *     and bytes keep the most urgent ones, the others are deferred.
 * shards: the length of current and target, which must be the problem's shard count.
 * current: location per shard now (leaf index; -1: no home, the shard is created by a "create" move);
 *   NULL: the problem's current placement (a scenario document's "placement"; array-built problems have
 *   none, so every shard is created).
 * target: location per shard to reach; NULL: re-solve from current with the solve options, the migration
 *   terms pricing each move, as `shardplace plan` does. Either way the move and byte limits
 *   (maxMovesTotal, maxMovesPerHost, maxMovesPerDomain, maxBytesTotal) are then kept by reverting moves
 *   to current, least valuable first, keeping every hard rule (sp_plan_placement(plan, "target", ...)
 *   gives what was planned for).
 * On SP_OK, SP_INFEASIBLE or SP_INCOMPLETE, *out receives a plan to free with sp_plan_free:
 *   SP_OK          every move of the target is planned, within the limits, and the target keeps every
 *                  hard rule (the transient term aside: each wave holds both ends of its moves within
 *                  capacity, which replaces it);
 *   SP_INFEASIBLE  the target breaks a hard rule (sp_last_error() says which); the plan is made anyway;
 *   SP_INCOMPLETE  moves are blocked or deferred, or the target moves more than the limits allow.
 * Errors (nothing returned): a stale handle, NULL out, shards not the shard count, a location out of
 * range in current or target.
 */
int sp_problem_plan(const sp_problem *p, int32_t shards, const int32_t *current, const int32_t *target,
                    sp_plan **out);

/**
 * Counts: "waves"; "moves" (copies, both legs of a staged move); "staged" (moves through a staging
 * host); "blocked" (moves the rules never let run); "deferred" (moves left out by the limits); "rebinds"
 * (shards that change location inside their host: no copy); "shards". Returns >= 0 or a negative status.
 */
int sp_plan_size(const sp_plan *plan, const char *what);

/**
 * A number about the plan, into *value: "bytes" copied; "seconds" (estimated duration: the sum over
 * waves of the wave's longest move, phases from size and bandwidth); "costBefore" (the objective of the
 * current placement) and "costAfter" (of the target); "feasible", "complete" (no move blocked or
 * deferred), "withinLimits" (the target keeps the move and byte limits): 1 or 0; "reverted" (moves the
 * limits took back from the re-solve or the given target); "version" (the shard map's version after the
 * last cut-over: one per move).
 */
int sp_plan_value(const sp_plan *plan, const char *what, double *value);

/**
 * The moves, wave after wave (each wave in cut-over order, most urgent first): per move its shard, the
 * host it leaves (-1 for a creation), the host it goes to, its wave (0-based) and its kind (an index for
 * sp_plan_move_kind_name). Each array may be NULL; count is their length, at least
 * sp_plan_size(plan, "moves"). Hosts are host indexes (sp_problem_leaf_host maps a location to its host).
 */
int sp_plan_moves(const sp_plan *plan, int32_t *shard, int32_t *from, int32_t *to, int32_t *wave, int32_t *kind,
                  int32_t count);

/** The name of move kind `kind` (0 "move", 1 "stage", 2 "unstage", 3 "create"), or NULL out of range. */
const char *sp_plan_move_kind_name(int kind);

/**
 * A move the plan leaves out: which is "blocked" (the rules never let it run) or "deferred" (left out by
 * the limits), index in [0, sp_plan_size(plan, which)). shard, from (host, -1: none) and to (host, -1:
 * the target does not place the shard) may be NULL. The reasons, one sentence each joined by "; " and
 * naming the host, group or limit, go to buffer (same buffer convention as sp_topology_json).
 */
int sp_plan_blocked(const sp_plan *plan, const char *which, int32_t index, int32_t *shard, int32_t *from,
                    int32_t *to, char *buffer, size_t capacity, size_t *length);

/**
 * A placement, one location per shard: which is "current" (where the plan starts), "target" (what it
 * was made to reach: the given target or the re-solve's, within the limits) or "final" (where every
 * shard is once every wave has run: the target when the plan is complete). count is the length of
 * placement, at least the shard count.
 */
int sp_plan_placement(const sp_plan *plan, const char *which, int32_t *placement, int32_t count);

/**
 * The plan as JSON, NUL-terminated: the plan's fields of `shardplace plan --format json`, shards and
 * hosts by name (complete, target, waves with their moves and phases, blocked, deferred, rebinds,
 * promotions, moves, stagedMoves, bytes, seconds, shardMapVersion). Same buffer convention as
 * sp_topology_json.
 */
int sp_plan_json(const sp_plan *plan, char *buffer, size_t capacity, size_t *length);

/** Releases a plan. NULL is ignored; a stale handle is ignored and sets sp_last_error(). */
void sp_plan_free(sp_plan *plan);

/* ---- Forecasting ------------------------------------------------------------------------------------ */

/**
 * Forecasts a batch of demand series, choosing the model of each automatically (see the DocC article
 * "Forecasting demand"). values holds `series` rows of `length` finite samples each, oldest first
 * (row-major); season is the number of samples per season (1: none); quantile is in (0, 1).
 * mean and upper (series x horizon, row-major; either may be NULL) receive the mean path and the
 * quantile path of each series, peak (series; may be NULL) the largest value of its quantile path, and
 * method (series; may be NULL) the index of the model used, named by sp_forecast_method_name (where
 * the forecast combines two methods, the chosen one: the other only refines its mean and quantiles).
 * Nothing is written on failure.
 */
int sp_forecast(int32_t series, int32_t length, const float *values, int32_t horizon, int32_t season,
                double quantile, float *mean, float *upper, float *peak, int32_t *method);

/** The name of forecasting model `index` ("naive", "seasonal-naive", "ses", ...), or NULL out of range. */
const char *sp_forecast_method_name(int index);

#ifdef __cplusplus
}
#endif

#endif /* SHARDPLACE_H */
