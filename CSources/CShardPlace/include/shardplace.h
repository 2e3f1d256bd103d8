/*
 * shardplace.h — the C ABI of shardplace, a shard-placement engine.
 *
 * One header, C99 and C++. Link with -lshardplace (pkg-config: shardplace). Every symbol starts with
 * `sp_` / `SP_`. Handles are opaque; plain integers, doubles and caller-allocated arrays cross the
 * boundary; no Swift type does.
 *
 * Status codes: every call that can fail returns an int. 0 (SP_OK) is success; a negative value is an
 * error, and sp_last_error() then returns a one-line message for the calling thread; a positive value
 * is a success with a caveat (SP_INFEASIBLE). Calls never abort on bad arguments.
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
 *
 * Not in this version (ABI 1): migration planning and forecasting entry points.
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

/* Status codes. */
#define SP_OK 0
/** Success, but the placement violates a hard constraint (sp_last_error() says which). */
#define SP_INFEASIBLE 1
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

/* ---- Library ----------------------------------------------------------------------------------- */

/** The ABI version of the loaded library (SP_ABI_VERSION of the header it was built with). */
int sp_abi_version(void);

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
 * Sets a solve option. Names and values:
 *   "threads"    chains (threads), integer >= 0; 0 = every PU this process may use (default);
 *   "seed"       integer in [0, 2^53]; default 1;
 *   "seconds"    wall-clock limit, > 0; 0 = none (default);
 *   "iterations" total move budget, integer >= 0; 0 = default (2,000 per shard, within
 *                [2e5, 2e8] when no time limit is set);
 *   "depth"      0 host, 1 NUMA node, 2 L3 group, 3 core: recompiles the problem; hosts without a
 *                topology stay single leaves.
 * With a seed and an iteration budget a solve is deterministic for a given thread count.
 */
int sp_problem_set_option(sp_problem *p, const char *name, double value);

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

/** Releases a problem. NULL is ignored; a stale handle is ignored and sets sp_last_error(). */
void sp_problem_free(sp_problem *p);

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
