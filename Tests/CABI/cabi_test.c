/*
 * The C ABI seen from outside: compiled with -std=c99 -Wall -Wextra -Werror against the installed
 * header and library (pkg-config shardplace), run by .ci/run.
 *
 * Usage: cabi_test TOPOLOGY_XML
 * Checks real results (feasible placements checked here, independently of the library; costs equal to
 * the library's own evaluation; topology counts equal to hwloc-calc's) and that every bad argument gives
 * a negative status and a message, never a crash. Ends with "N passed, N failed"; exit 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <shardplace.h>

static int passed = 0;
static int failed = 0;

#define CHECK(condition, ...)                                                                                 \
    do {                                                                                                      \
        if (condition) {                                                                                      \
            passed++;                                                                                         \
        } else {                                                                                              \
            failed++;                                                                                         \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #condition);                              \
            fprintf(stderr, __VA_ARGS__);                                                                     \
            fprintf(stderr, " (last error: %s)\n", sp_last_error());                                          \
        }                                                                                                     \
    } while (0)

/* A call that must fail: a negative status (the expected one) and a fresh, non-empty message. */
#define EXPECT_ERROR(expected, call)                                                                          \
    do {                                                                                                      \
        sp_clear_error();                                                                                     \
        int status_ = (call);                                                                                 \
        CHECK(status_ == (expected) && sp_last_error()[0] != '\0', "%s returned %d, expected %d", #call,      \
              status_, expected);                                                                             \
    } while (0)

/* hwloc's own count: hwloc-calc on a synthetic description or an XML file. */
static int hwloc_count(const char *input_option, const char *input, const char *type) {
    char command[512];
    snprintf(command, sizeof command, "hwloc-calc %s '%s' --number-of %s all 2>/dev/null", input_option, input, type);
    FILE *pipe = popen(command, "r");
    if (pipe == NULL) {
        return -1;
    }
    int count = -1;
    if (fscanf(pipe, "%d", &count) != 1) {
        count = -1;
    }
    pclose(pipe);
    return count;
}

static void test_library(void) {
    CHECK(sp_abi_version() == SP_ABI_VERSION, "sp_abi_version() = %d, header %d", sp_abi_version(), SP_ABI_VERSION);
    int terms = sp_term_count();
    CHECK(terms >= 17, "sp_term_count() = %d", terms);
    CHECK(strcmp(sp_term_name(0), "capacity") == 0, "first term %s", sp_term_name(0));
    for (int i = 0; i < terms; i++) {
        CHECK(sp_term_name(i) != NULL && sp_term_name(i)[0] != '\0', "term %d has no name", i);
    }
    sp_clear_error();
    CHECK(sp_term_name(-1) == NULL && sp_last_error()[0] != '\0', "term -1");
    CHECK(sp_term_name(terms) == NULL, "term %d", terms);
}

static void test_topology(const char *xml) {
    static const char *synthetic = "pack:2 numa:2 core:4 pu:2";
    static const char *types[] = {"package", "numa", "core", "pu"};
    sp_topology *t = NULL;
    CHECK(sp_topology_load("synthetic", synthetic, &t) == SP_OK && t != NULL, "load synthetic");
    for (int i = 0; i < 4; i++) {
        int ours = sp_topology_count(t, types[i]);
        int hwloc = hwloc_count("--if synthetic --input", synthetic, types[i]);
        CHECK(hwloc > 0 && ours == hwloc, "synthetic %s: %d, hwloc-calc %d", types[i], ours, hwloc);
    }
    CHECK(sp_topology_count(t, "pu") == 32, "2 x 2 x 4 x 2 PUs");

    size_t length = 0;
    CHECK(sp_topology_json(t, NULL, 0, &length) == SP_OK && length > 100, "json length %zu", length);
    char *json = malloc(length + 1);
    CHECK(sp_topology_json(t, json, length + 1, &length) == SP_OK, "json");
    CHECK(json != NULL && strlen(json) == length && strstr(json, "\"numaNodes\" : 4") != NULL, "json text");
    free(json);
    char small[8] = "xxxxxxx";
    EXPECT_ERROR(SP_ERR_BUFFER, sp_topology_json(t, small, sizeof small, &length));
    CHECK(strcmp(small, "xxxxxxx") == 0, "nothing written to a small buffer");
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_topology_json(t, NULL, 10, &length));

    sp_topology *x = NULL;
    CHECK(sp_topology_load("xml", xml, &x) == SP_OK, "load %s", xml);
    for (int i = 0; i < 4; i++) {
        int ours = sp_topology_count(x, types[i]);
        int hwloc = hwloc_count("--input", xml, types[i]);
        CHECK(hwloc > 0 && ours == hwloc, "%s %s: %d, hwloc-calc %d", xml, types[i], ours, hwloc);
    }
    sp_topology *live = NULL;
    CHECK(sp_topology_load("live", NULL, &live) == SP_OK && sp_topology_count(live, "pu") >= 1, "live");
    sp_topology_free(live);
    sp_topology_free(x);

    /* Bad arguments. */
    sp_topology *bad = NULL;
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_topology_load(NULL, synthetic, &bad));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_topology_load("synthetic", synthetic, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_topology_load("synthetic", NULL, &bad));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_topology_load("carrier-pigeon", synthetic, &bad));
    EXPECT_ERROR(SP_ERR_TOPOLOGY, sp_topology_load("synthetic", "pack:two", &bad));
    EXPECT_ERROR(SP_ERR_TOPOLOGY, sp_topology_load("xml", "/nonexistent/machine.xml", &bad));
    EXPECT_ERROR(SP_ERR_TOPOLOGY, sp_topology_load("xml-buffer", "<not-a-topology/>", &bad));
    CHECK(bad == NULL, "no handle on failure");
    EXPECT_ERROR(SP_ERR_HANDLE, sp_topology_count(NULL, "pu"));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_topology_count(t, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_topology_count(t, "quantum-core"));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_size((sp_problem *)t, "shards")); /* wrong kind */

    sp_topology_free(t);
    EXPECT_ERROR(SP_ERR_HANDLE, sp_topology_count(t, "pu")); /* used after free */
    sp_clear_error();
    sp_topology_free(t); /* freed twice: ignored, with a message */
    CHECK(sp_last_error()[0] != '\0', "double free reported");
    sp_topology_free(NULL);
    int local = 0;
    EXPECT_ERROR(SP_ERR_HANDLE, sp_topology_count((sp_topology *)&local, "pu")); /* never a handle */
}

/* The small array problem: 12 shards, 4 hosts, 2 resources; groups {0,1,2}, {3,4,5}, {6,7,8}. */
enum { SHARDS = 12, HOSTS = 4, RESOURCES = 2 };
static const float demand[SHARDS * RESOURCES] = {
    2, 4, 2, 4, 2, 4, 1, 8, 1, 8, 1, 8, 3, 2, 3, 2, 3, 2, 1, 1, 2, 2, 0.5f, 6,
};
static const float capacity[HOSTS * RESOURCES] = {8, 16, 8, 16, 6, 12, 6, 12};
static const int32_t group[SHARDS] = {0, 0, 0, 1, 1, 1, 2, 2, 2, -1, -1, -1};

/* Independent feasibility: every shard on a host, capacity per host and resource, replicas apart. */
static int feasible_here(const int32_t *placement) {
    double load[HOSTS * RESOURCES] = {0};
    for (int s = 0; s < SHARDS; s++) {
        if (placement[s] < 0 || placement[s] >= HOSTS) {
            return 0;
        }
        for (int r = 0; r < RESOURCES; r++) {
            load[placement[s] * RESOURCES + r] += demand[s * RESOURCES + r];
        }
        for (int o = 0; o < s; o++) {
            if (group[s] >= 0 && group[o] == group[s] && placement[o] == placement[s]) {
                return 0;
            }
        }
    }
    for (int i = 0; i < HOSTS * RESOURCES; i++) {
        if (load[i] > capacity[i] + 1e-9) {
            return 0;
        }
    }
    return 1;
}

static void test_problem_from_arrays(void) {
    sp_problem *p = NULL;
    CHECK(sp_problem_create(SHARDS, HOSTS, RESOURCES, demand, capacity, group, &p) == SP_OK && p != NULL, "create");
    CHECK(sp_problem_size(p, "shards") == SHARDS && sp_problem_size(p, "hosts") == HOSTS, "sizes");
    CHECK(sp_problem_size(p, "leaves") == HOSTS && sp_problem_size(p, "groups") == 3, "leaves, groups");
    CHECK(sp_problem_set_option(p, "threads", 2) == SP_OK, "threads");
    CHECK(sp_problem_set_option(p, "seed", 7) == SP_OK, "seed");
    CHECK(sp_problem_set_option(p, "iterations", 20000) == SP_OK, "iterations");

    int32_t placement[SHARDS];
    double solved_cost = -1;
    int solved_feasible = -1;
    int64_t moves = 0;
    EXPECT_ERROR(SP_ERR_STATE, sp_problem_solution(p, placement, &solved_cost, NULL, NULL, NULL));
    CHECK(sp_problem_solve(p, placement) == SP_OK, "solve");
    CHECK(feasible_here(placement), "placement is feasible by the independent check");
    CHECK(sp_problem_solution(p, NULL, &solved_cost, &solved_feasible, &moves, NULL) == SP_OK, "solution");
    CHECK(solved_feasible == 1 && moves > 0, "feasible %d, moves %lld", solved_feasible, (long long)moves);

    double cost = -1;
    int feasible = -1;
    CHECK(sp_problem_evaluate(p, placement, &cost, &feasible) == SP_OK, "evaluate");
    CHECK(feasible == 1 && cost == solved_cost, "evaluate: cost %.17g feasible %d, solve: %.17g", cost, feasible,
          solved_cost);

    double terms[64], weighted[64];
    int count = sp_term_count();
    CHECK(count <= 64 && sp_problem_breakdown(p, placement, terms, weighted, count) == SP_OK, "breakdown");
    double sum = 0;
    for (int i = 0; i < count; i++) {
        sum += weighted[i];
        if (i < 7) {
            CHECK(terms[i] == 0, "hard term %s = %g", sp_term_name(i), terms[i]);
        }
    }
    CHECK(fabs(sum - cost) <= 1e-9 * (1 + fabs(cost)), "weighted terms sum %.17g, cost %.17g", sum, cost);

    /* Same seed, threads and iteration budget: the same placement. */
    int32_t again[SHARDS];
    CHECK(sp_problem_solve(p, again) == SP_OK && memcmp(again, placement, sizeof again) == 0, "deterministic");

    /* Everything on host 0: infeasible (capacity and replicas), evaluated without error. */
    int32_t crowded[SHARDS] = {0};
    CHECK(sp_problem_evaluate(p, crowded, &cost, &feasible) == SP_OK && feasible == 0, "crowded is infeasible");
    CHECK(!feasible_here(crowded), "independent check agrees");
    int32_t unplaced[SHARDS];
    memcpy(unplaced, placement, sizeof unplaced);
    unplaced[3] = -1;
    CHECK(sp_problem_evaluate(p, unplaced, &cost, &feasible) == SP_OK && feasible == 0, "unplaced is infeasible");

    char name[16];
    size_t length = 0;
    CHECK(sp_problem_name(p, "host", 3, name, sizeof name, &length) == SP_OK && strcmp(name, "h3") == 0, "name");
    CHECK(sp_problem_leaf_host(p, 2) == 2, "leaf 2 is host 2");

    /* Bad arguments on a live problem. */
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "temperature", 1));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, NULL, 1));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "threads", -1));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "threads", 1.5));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "seed", NAN));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "seconds", -2));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "seconds", INFINITY));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "depth", 7));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_solve(p, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_evaluate(p, NULL, &cost, &feasible));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_evaluate(p, placement, NULL, &feasible));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_evaluate(p, placement, &cost, NULL));
    int32_t wrong[SHARDS];
    memcpy(wrong, placement, sizeof wrong);
    wrong[5] = HOSTS;
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_evaluate(p, wrong, &cost, &feasible));
    wrong[5] = -7;
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_evaluate(p, wrong, &cost, &feasible));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_breakdown(p, placement, terms, weighted, count - 1));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_breakdown(p, placement, NULL, NULL, count));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_size(p, "furlongs"));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_name(p, "host", HOSTS, name, sizeof name, &length));
    EXPECT_ERROR(SP_ERR_BUFFER, sp_problem_name(p, "host", 0, name, 2, &length));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_leaf_host(p, -1));

    /* Used after free: detected. */
    sp_problem_free(p);
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_solve(p, placement));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_evaluate(p, placement, &cost, &feasible));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_set_option(p, "seed", 1));
    CHECK(strstr(sp_last_error(), "freed") != NULL, "message says freed: %s", sp_last_error());
    sp_clear_error();
    sp_problem_free(p);
    CHECK(sp_last_error()[0] != '\0', "double free reported");
    sp_problem_free(NULL);
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_solve(NULL, placement));
}

static void test_bad_creation(void) {
    sp_problem *p = NULL;
    float nan_demand[SHARDS * RESOURCES];
    memcpy(nan_demand, demand, sizeof nan_demand);
    nan_demand[7] = NAN;
    float negative[SHARDS * RESOURCES];
    memcpy(negative, demand, sizeof negative);
    negative[0] = -1;
    float infinite[HOSTS * RESOURCES];
    memcpy(infinite, capacity, sizeof infinite);
    infinite[3] = INFINITY;
    int32_t bad_group[SHARDS];
    memcpy(bad_group, group, sizeof bad_group);
    bad_group[11] = -2;
    int32_t crowded_group[SHARDS] = {0, 0, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1}; /* 5 replicas, 4 hosts */

    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(0, HOSTS, RESOURCES, demand, capacity, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(-3, HOSTS, RESOURCES, demand, capacity, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, 0, RESOURCES, demand, capacity, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, 0, demand, capacity, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, -1, demand, capacity, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, RESOURCES, NULL, capacity, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, RESOURCES, demand, NULL, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, RESOURCES, demand, capacity, group, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, RESOURCES, nan_demand, capacity, group, &p));
    CHECK(strstr(sp_last_error(), "demand[7]") != NULL, "NaN message names the entry: %s", sp_last_error());
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, RESOURCES, negative, capacity, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, RESOURCES, demand, infinite, group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, RESOURCES, demand, capacity, bad_group, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create(SHARDS, HOSTS, RESOURCES, demand, capacity, crowded_group, &p));
    CHECK(p == NULL, "no handle on failure");

    /* Traffic in CSR form, between replicas (shard 0 -> 1, shard 1 -> 2, all in group 0): they must sit on
       distinct hosts, so the traffic term, and the cost, cannot be 0. */
    int32_t offsets[SHARDS + 1] = {0, 1, 2};
    for (int s = 2; s <= SHARDS; s++) {
        offsets[s] = 2;
    }
    int32_t targets[2] = {1, 2};
    float weights[2] = {5, 3};
    CHECK(sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, group, offsets, targets, weights,
                                         &p) == SP_OK,
          "traffic");
    int32_t placement[SHARDS];
    CHECK(sp_problem_set_option(p, "iterations", 20000) == SP_OK && sp_problem_solve(p, placement) == SP_OK, "solve");
    CHECK(feasible_here(placement), "placement is feasible by the independent check");
    double cost = 0, solved = 0;
    int feasible = 0;
    CHECK(sp_problem_solution(p, NULL, &solved, NULL, NULL, NULL) == SP_OK && solved > 0, "cost %g > 0", solved);
    CHECK(sp_problem_evaluate(p, placement, &cost, &feasible) == SP_OK && feasible && cost == solved,
          "evaluate: cost %.17g, solve: %.17g", cost, solved);
    double terms[64], weighted[64];
    CHECK(sp_problem_breakdown(p, placement, terms, weighted, sp_term_count()) == SP_OK, "breakdown");
    int traffic_term = -1;
    for (int i = 0; i < sp_term_count(); i++) {
        if (strcmp(sp_term_name(i), "traffic") == 0) {
            traffic_term = i;
        }
    }
    CHECK(traffic_term >= 0 && terms[traffic_term] > 0 && weighted[traffic_term] == cost,
          "the cost is the traffic term here");
    sp_problem_free(p);
    p = NULL;
    int32_t bad_offsets[SHARDS + 1];
    memcpy(bad_offsets, offsets, sizeof bad_offsets);
    bad_offsets[0] = 1;
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, NULL,
                                                                 bad_offsets, targets, weights, &p));
    memcpy(bad_offsets, offsets, sizeof bad_offsets);
    bad_offsets[5] = 1;
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, NULL,
                                                                 bad_offsets, targets, weights, &p));
    int32_t far[2] = {1, SHARDS};
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, NULL,
                                                                 offsets, far, weights, &p));
    int32_t self[2] = {0, 2};
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, NULL,
                                                                 offsets, self, weights, &p));
    float nan_weights[2] = {NAN, 1};
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, NULL,
                                                                 offsets, targets, nan_weights, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, NULL,
                                                                 offsets, NULL, weights, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, NULL,
                                                                 NULL, targets, weights, &p));
    CHECK(p == NULL, "no handle on failure");

    /* More demand than capacity in total: each shard fits alone, the solve cannot be feasible. */
    const float big[3] = {5, 5, 5};
    const float one_host[1] = {12};
    CHECK(sp_problem_create(3, 1, 1, big, one_host, NULL, &p) == SP_OK, "create overfull");
    int32_t overfull[3];
    sp_problem_set_option(p, "iterations", 10000);
    sp_clear_error();
    CHECK(sp_problem_solve(p, overfull) == SP_INFEASIBLE && strstr(sp_last_error(), "capacity") != NULL,
          "infeasible solve: %s", sp_last_error());
    CHECK(sp_problem_evaluate(p, overfull, &cost, &feasible) == SP_OK && feasible == 0, "evaluated infeasible");
    sp_problem_free(p);
}

static const char *scenario_json =
    "{\"resources\": [{\"name\": \"cpu\"}, {\"name\": \"memory\"}],"
    " \"hosts\": ["
    "  {\"id\": \"a\", \"capacity\": [16, 64], \"labels\": {\"zone\": \"z1\"},"
    "   \"topology\": {\"synthetic\": \"pack:2 numa:1 core:4 pu:2\"}},"
    "  {\"id\": \"b\", \"capacity\": [16, 64], \"labels\": {\"zone\": \"z2\"},"
    "   \"topology\": {\"synthetic\": \"pack:2 numa:1 core:4 pu:2\"}}],"
    " \"groups\": [{\"id\": \"db\", \"antiAffinity\": \"zone\"}],"
    " \"shards\": ["
    "  {\"id\": \"db-0\", \"group\": \"db\", \"demand\": [4, 16]},"
    "  {\"id\": \"db-1\", \"group\": \"db\", \"demand\": [4, 16]},"
    "  {\"id\": \"web-0\", \"demand\": [2, 4]}, {\"id\": \"web-1\", \"demand\": [2, 4]}],"
    " \"traffic\": [{\"from\": \"web-0\", \"to\": \"db-0\", \"volume\": 10},"
    "              {\"from\": \"db-0\", \"to\": \"db-1\", \"volume\": 1},"
    "              {\"from\": \"web-1\", \"to\": \"db-1\", \"volume\": 10}]}";

static void test_problem_from_json(void) {
    sp_problem *p = NULL;
    CHECK(sp_problem_create_json(scenario_json, &p) == SP_OK, "create from JSON");
    CHECK(sp_problem_size(p, "shards") == 4 && sp_problem_size(p, "leaves") == 2, "host depth: 2 leaves");
    int32_t placement[4];
    double cost = 0, solved = 0;
    int feasible = 0;
    sp_problem_set_option(p, "iterations", 10000);
    sp_problem_set_option(p, "threads", 1);
    CHECK(sp_problem_solve(p, placement) == SP_OK, "solve");
    CHECK(placement[0] != placement[1], "db replicas in different zones");
    CHECK(sp_problem_solution(p, NULL, &solved, NULL, NULL, NULL) == SP_OK, "solution");
    CHECK(solved > 0, "db-0 and db-1 talk across zones: cost %g > 0", solved);
    CHECK(sp_problem_evaluate(p, placement, &cost, &feasible) == SP_OK && feasible && cost == solved, "cost");

    /* Depth NUMA: each host's two NUMA nodes become leaves (recompiled; the old solution is gone). */
    CHECK(sp_problem_set_option(p, "depth", 1) == SP_OK, "depth numa");
    CHECK(sp_problem_size(p, "leaves") == 4, "4 NUMA leaves, got %d", sp_problem_size(p, "leaves"));
    CHECK(sp_problem_leaf_host(p, 3) == 1, "leaf 3 on host b");
    char name[32];
    CHECK(sp_problem_name(p, "leaf", 1, name, sizeof name, NULL) == SP_OK && strcmp(name, "a/numa:1") == 0,
          "leaf name %s", name);
    EXPECT_ERROR(SP_ERR_STATE, sp_problem_solution(p, NULL, &cost, NULL, NULL, NULL));
    CHECK(sp_problem_solve(p, placement) == SP_OK, "solve at NUMA depth");
    CHECK(sp_problem_leaf_host(p, placement[0]) != sp_problem_leaf_host(p, placement[1]), "replicas apart");
    CHECK(sp_problem_solution(p, NULL, &solved, NULL, NULL, NULL) == SP_OK, "solution");
    CHECK(sp_problem_evaluate(p, placement, &cost, &feasible) == SP_OK && feasible && cost == solved, "cost");
    sp_problem_free(p);

    p = NULL;
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_json(NULL, &p));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_create_json(scenario_json, NULL));
    EXPECT_ERROR(SP_ERR_SCENARIO, sp_problem_create_json("{\"resources\": [", &p));
    EXPECT_ERROR(SP_ERR_SCENARIO, sp_problem_create_json("{\"resources\": [], \"hosts\": [], \"shards\": [],"
                                                         " \"colour\": \"blue\"}",
                                                         &p));
    CHECK(strstr(sp_last_error(), "colour") != NULL, "names the unknown key: %s", sp_last_error());
    CHECK(p == NULL, "no handle on failure");
}

/* Threads: one problem per thread, solved at once; errors stay on their thread. */
static void *solve_on_thread(void *argument) {
    int *ok = argument;
    sp_problem *p = NULL;
    int32_t placement[SHARDS];
    *ok = sp_problem_create(SHARDS, HOSTS, RESOURCES, demand, capacity, group, &p) == SP_OK &&
          sp_problem_set_option(p, "threads", 1) == SP_OK && sp_problem_set_option(p, "iterations", 10000) == SP_OK &&
          sp_problem_solve(p, placement) == SP_OK && feasible_here(placement);
    sp_problem_free(p);
    sp_clear_error();
    sp_problem_set_option(NULL, "seed", 1); /* an error on this thread only */
    return NULL;
}

static void test_threads(void) {
    enum { THREADS = 4 };
    pthread_t threads[THREADS];
    int ok[THREADS] = {0};
    sp_clear_error();
    for (int i = 0; i < THREADS; i++) {
        pthread_create(&threads[i], NULL, solve_on_thread, &ok[i]);
    }
    for (int i = 0; i < THREADS; i++) {
        pthread_join(threads[i], NULL);
        CHECK(ok[i], "thread %d solved a feasible placement", i);
    }
    CHECK(sp_last_error()[0] == '\0', "other threads' errors are not this thread's: %s", sp_last_error());
}

/* Forecasting: a pure seasonal series is continued exactly, a constant one stays constant with a
   zero-width band, a noisy one gets a band above its mean; bad arguments write nothing. */
static void test_forecast(void) {
    enum { SERIES = 3, LENGTH = 96, HORIZON = 8, SEASON = 4 };
    static const float pattern[SEASON] = {10, 50, 30, 70};
    float values[SERIES * LENGTH];
    unsigned noise = 12345;
    for (int t = 0; t < LENGTH; t++) {
        values[t] = pattern[t % SEASON];
        values[LENGTH + t] = 42;
        noise = noise * 1103515245u + 12345u;
        values[2 * LENGTH + t] = 100 + (float)((noise >> 16) % 21) - 10; /* 100 +- 10, uniform */
    }
    float mean[SERIES * HORIZON], upper[SERIES * HORIZON], peak[SERIES];
    int32_t method[SERIES];
    CHECK(sp_forecast(SERIES, LENGTH, values, HORIZON, SEASON, 0.95, mean, upper, peak, method) == SP_OK,
          "forecast: %s", sp_last_error());
    for (int k = 0; k < HORIZON; k++) {
        float expected = pattern[(LENGTH + k) % SEASON];
        CHECK(fabsf(mean[k] - expected) < 1.0f, "seasonal step %d: mean %g, expected %g", k, mean[k], expected);
        CHECK(fabsf(mean[HORIZON + k] - 42) < 1e-3f && fabsf(upper[HORIZON + k] - 42) < 1e-3f,
              "constant step %d: mean %g upper %g", k, mean[HORIZON + k], upper[HORIZON + k]);
        CHECK(fabsf(mean[2 * HORIZON + k] - 100) < 5 && upper[2 * HORIZON + k] > mean[2 * HORIZON + k] + 2 &&
                  upper[2 * HORIZON + k] < mean[2 * HORIZON + k] + 40,
              "noisy step %d: mean %g upper %g", k, mean[2 * HORIZON + k], upper[2 * HORIZON + k]);
    }
    for (int i = 0; i < SERIES; i++) {
        float largest = upper[i * HORIZON];
        for (int k = 1; k < HORIZON; k++) largest = upper[i * HORIZON + k] > largest ? upper[i * HORIZON + k] : largest;
        CHECK(peak[i] == largest, "series %d: peak %g, largest quantile %g", i, peak[i], largest);
        const char *name = sp_forecast_method_name(method[i]);
        CHECK(name != NULL && name[0] != '\0', "series %d: method %d has a name", i, method[i]);
    }
    CHECK(sp_forecast(SERIES, LENGTH, values, HORIZON, SEASON, 0.95, NULL, NULL, peak, NULL) == SP_OK,
          "only peaks");
    CHECK(sp_forecast_method_name(-1) == NULL && sp_last_error()[0] != '\0', "method -1");

    float untouched[SERIES] = {-1, -1, -1};
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_forecast(SERIES, LENGTH, NULL, HORIZON, SEASON, 0.95, NULL, NULL, untouched, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_forecast(0, LENGTH, values, HORIZON, SEASON, 0.95, NULL, NULL, untouched, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_forecast(SERIES, 0, values, HORIZON, SEASON, 0.95, NULL, NULL, untouched, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_forecast(SERIES, LENGTH, values, 0, SEASON, 0.95, NULL, NULL, untouched, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_forecast(SERIES, LENGTH, values, HORIZON, 0, 0.95, NULL, NULL, untouched, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_forecast(SERIES, LENGTH, values, HORIZON, SEASON, 1.5, NULL, NULL, untouched, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_forecast(SERIES, LENGTH, values, HORIZON, SEASON, NAN, NULL, NULL, untouched, NULL));
    values[LENGTH + 5] = NAN;
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_forecast(SERIES, LENGTH, values, HORIZON, SEASON, 0.95, NULL, NULL, untouched, NULL));
    CHECK(strstr(sp_last_error(), "series 1") != NULL, "the NaN is located: %s", sp_last_error());
    CHECK(untouched[0] == -1 && untouched[1] == -1 && untouched[2] == -1, "nothing written on failure");
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s TOPOLOGY_XML\n", argv[0]);
        return 2;
    }
    test_library();
    test_topology(argv[1]);
    test_problem_from_arrays();
    test_bad_creation();
    test_problem_from_json();
    test_threads();
    test_forecast();
    printf("cabi_test: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
