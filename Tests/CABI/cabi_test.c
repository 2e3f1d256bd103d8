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
    CHECK(sp_abi_revision() == SP_ABI_REVISION && SP_ABI_REVISION >= 2, "sp_abi_revision() = %d, header %d",
          sp_abi_revision(), SP_ABI_REVISION);
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

/* ---- Soft-term weights ------------------------------------------------------------------------------ */

static int term_index(const char *name) {
    for (int i = 0; i < sp_term_count(); i++) {
        if (strcmp(sp_term_name(i), name) == 0) {
            return i;
        }
    }
    return -1;
}

/* A weight changes the weighted column by exactly weight x term, and the cost by the difference; the
   unweighted terms stay; the last solution goes (it was priced with the old weight). */
static void test_weights(void) {
    int32_t offsets[SHARDS + 1] = {0, 1, 2};
    for (int s = 2; s <= SHARDS; s++) {
        offsets[s] = 2;
    }
    int32_t targets[2] = {1, 2};
    float weights[2] = {5, 3};
    sp_problem *p = NULL;
    CHECK(sp_problem_create_with_traffic(SHARDS, HOSTS, RESOURCES, demand, capacity, group, offsets, targets, weights,
                                         &p) == SP_OK,
          "create");
    /* Replicas apart, and host 0 above its capacity in resource 1 (load term > 0, infeasible). */
    const int32_t placement[SHARDS] = {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 0, 0};
    int count = sp_term_count();
    int traffic = term_index("traffic"), load = term_index("load");
    double terms[64], weighted[64], after_terms[64], after_weighted[64];
    double cost = 0, after_cost = 0, weight = -1;
    int feasible = -1;
    CHECK(traffic >= 0 && load >= 0 && count <= 64, "term names");
    CHECK(sp_problem_weight(p, "traffic", &weight) == SP_OK && weight == 1, "default traffic weight %g", weight);
    CHECK(sp_problem_weight(p, "price", &weight) == SP_OK && weight == 0, "default price weight %g", weight);
    CHECK(sp_problem_breakdown(p, placement, terms, weighted, count) == SP_OK, "breakdown");
    CHECK(sp_problem_evaluate(p, placement, &cost, &feasible) == SP_OK, "evaluate");
    CHECK(terms[traffic] > 0 && terms[load] > 0, "traffic %g and load %g are not 0", terms[traffic], terms[load]);

    int32_t solved[SHARDS];
    sp_problem_set_option(p, "iterations", 5000);
    CHECK(sp_problem_solve(p, solved) == SP_OK, "solve before the weight changes");
    CHECK(sp_problem_set_weight(p, "traffic", 2.5) == SP_OK, "set traffic 2.5");
    CHECK(sp_problem_set_weight(p, "load", 0) == SP_OK, "set load 0");
    CHECK(sp_problem_weight(p, "traffic", &weight) == SP_OK && weight == 2.5, "traffic weight now %g", weight);
    EXPECT_ERROR(SP_ERR_STATE, sp_problem_solution(p, NULL, &cost, NULL, NULL, NULL)); /* priced by the old weights */
    CHECK(sp_problem_breakdown(p, placement, after_terms, after_weighted, count) == SP_OK, "breakdown after");
    CHECK(sp_problem_evaluate(p, placement, &after_cost, &feasible) == SP_OK, "evaluate after");
    double sum = 0;
    for (int i = 0; i < count; i++) {
        CHECK(after_terms[i] == terms[i], "term %s unchanged: %g, was %g", sp_term_name(i), after_terms[i], terms[i]);
        double expected = i == traffic ? 2.5 * terms[i] : i == load ? 0 : weighted[i];
        CHECK(after_weighted[i] == expected, "weighted %s: %.17g, expected %.17g", sp_term_name(i), after_weighted[i],
              expected);
        sum += after_weighted[i];
    }
    double expected_cost = cost + 1.5 * terms[traffic] - weighted[load];
    CHECK(fabs(after_cost - expected_cost) <= 1e-9 * (1 + fabs(cost)), "cost %.17g, expected %.17g", after_cost,
          expected_cost);
    CHECK(fabs(after_cost - sum) <= 1e-9 * (1 + fabs(sum)), "cost %.17g is the weighted sum %.17g", after_cost, sum);
    /* A solve prices with the new weights: its cost is the evaluation's. */
    double solved_cost = 0, evaluated = 0;
    CHECK(sp_problem_solve(p, solved) == SP_OK && feasible_here(solved), "solve after");
    CHECK(sp_problem_solution(p, NULL, &solved_cost, NULL, NULL, NULL) == SP_OK &&
              sp_problem_evaluate(p, solved, &evaluated, &feasible) == SP_OK && solved_cost == evaluated,
          "solution %.17g, evaluation %.17g", solved_cost, evaluated);

    /* Bad arguments: nothing changes. */
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_weight(p, "capacity", 2)); /* a hard term */
    CHECK(strstr(sp_last_error(), "hard") != NULL, "says hard: %s", sp_last_error());
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_weight(p, "unplaced", 2));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_weight(p, "latency", 2)); /* no such term */
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_weight(p, NULL, 2));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_weight(p, "traffic", NAN));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_weight(p, "traffic", -1));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_weight(p, "traffic", INFINITY));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_weight(p, "traffic", NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_weight(p, "spread", &weight));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_set_weight(NULL, "traffic", 1));
    CHECK(sp_problem_weight(p, "traffic", &weight) == SP_OK && weight == 2.5, "still 2.5 after bad calls: %g", weight);
    sp_problem_free(p);
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_set_weight(p, "traffic", 1));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_weight(p, "traffic", &weight));
}

/* ---- Migration planning -------------------------------------------------------------------------------- */

/* Replays a plan of a host-depth problem independently: every move leaves where its shard is at the start
   of its wave (nowhere for a creation); a shard moves at most once per wave; no host receives or sends more
   than max_concurrent moves in a wave (0: no limit); every receiving host holds what is settled there (moving
   shards still counted at their source) plus the wave's incoming demand within capacity; replicas of a group
   are never present on one host (a moving member is present at both ends); once complete, every shard is
   at its target. Returns 1 when all holds, else 0 with the reason in why. */
static int replay_plan(const sp_plan *plan, int shards, int hosts, int resources, const float *demand_of,
                       const float *capacity_of, const int32_t *group_of, const int32_t *current, const int32_t *target,
                       int max_concurrent, char *why, size_t why_size) {
    int moves = sp_plan_size(plan, "moves");
    int waves = sp_plan_size(plan, "waves");
    if (moves < 0 || waves < 0) {
        snprintf(why, why_size, "sizes %d %d", moves, waves);
        return 0;
    }
    int32_t *shard = calloc((size_t)moves + 1, sizeof *shard), *from = calloc((size_t)moves + 1, sizeof *from);
    int32_t *to = calloc((size_t)moves + 1, sizeof *to), *wave = calloc((size_t)moves + 1, sizeof *wave);
    int32_t *kind = calloc((size_t)moves + 1, sizeof *kind), *at = malloc((size_t)shards * sizeof *at);
    int32_t *moving = malloc((size_t)shards * sizeof *moving);
    int *in = calloc((size_t)hosts, sizeof *in), *out = calloc((size_t)hosts, sizeof *out);
    double *load = calloc((size_t)(hosts * resources), sizeof *load);
    int ok = sp_plan_moves(plan, shard, from, to, wave, kind, moves) == SP_OK;
    if (!ok) {
        snprintf(why, why_size, "sp_plan_moves failed: %s", sp_last_error());
    }
    memcpy(at, current, (size_t)shards * sizeof *at);
    int next = 0;
    for (int w = 0; ok && w < waves; w++) {
        int first = next;
        while (next < moves && wave[next] == w) {
            next++;
        }
        if (next == first) {
            snprintf(why, why_size, "wave %d is empty or out of order", w);
            ok = 0;
            break;
        }
        for (int s = 0; s < shards; s++) {
            moving[s] = -1;
        }
        memset(in, 0, (size_t)hosts * sizeof *in);
        memset(out, 0, (size_t)hosts * sizeof *out);
        memset(load, 0, (size_t)(hosts * resources) * sizeof *load);
        for (int s = 0; s < shards; s++) {
            for (int r = 0; at[s] >= 0 && r < resources; r++) {
                load[at[s] * resources + r] += demand_of[s * resources + r];
            }
        }
        for (int m = first; ok && m < next; m++) {
            int s = shard[m];
            const char *k = sp_plan_move_kind_name(kind[m]);
            if (s < 0 || s >= shards || to[m] < 0 || to[m] >= hosts || k == NULL) {
                snprintf(why, why_size, "move %d: shard %d, to %d, kind %d", m, s, to[m], kind[m]);
                ok = 0;
            } else if (from[m] != at[s]) {
                snprintf(why, why_size, "move %d: shard %d leaves host %d but is on %d", m, s, from[m], at[s]);
                ok = 0;
            } else if ((strcmp(k, "create") == 0) != (from[m] == -1)) {
                snprintf(why, why_size, "move %d: kind %s from %d", m, k, from[m]);
                ok = 0;
            } else if (moving[s] >= 0) {
                snprintf(why, why_size, "wave %d moves shard %d twice", w, s);
                ok = 0;
            } else {
                moving[s] = to[m];
                in[to[m]]++;
                if (from[m] >= 0) {
                    out[from[m]]++;
                }
                for (int r = 0; r < resources; r++) {
                    load[to[m] * resources + r] += demand_of[s * resources + r];
                }
            }
        }
        for (int h = 0; ok && h < hosts; h++) {
            if (max_concurrent > 0 && (in[h] > max_concurrent || out[h] > max_concurrent)) {
                snprintf(why, why_size, "wave %d: host %d receives %d and sends %d moves, limit %d", w, h, in[h], out[h],
                         max_concurrent);
                ok = 0;
            }
            for (int r = 0; ok && in[h] > 0 && r < resources; r++) {
                double c = capacity_of[h * resources + r];
                if (load[h * resources + r] > c + 1e-5 * (1 + c)) {
                    snprintf(why, why_size, "wave %d: host %d holds %g of resource %d, capacity %g", w, h,
                             load[h * resources + r], r, c);
                    ok = 0;
                }
            }
        }
        for (int a = 0; ok && group_of != NULL && a < shards; a++) {
            for (int b = a + 1; ok && b < shards; b++) {
                if (group_of[a] < 0 || group_of[a] != group_of[b]) {
                    continue;
                }
                int ends_a[2] = {at[a], moving[a]}, ends_b[2] = {at[b], moving[b]};
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        if (ends_a[i] >= 0 && ends_a[i] == ends_b[j]) {
                            snprintf(why, why_size, "wave %d: replicas %d and %d both on host %d", w, a, b, ends_a[i]);
                            ok = 0;
                        }
                    }
                }
            }
        }
        for (int m = first; ok && m < next; m++) {
            at[shard[m]] = to[m];
        }
    }
    if (ok && next != moves) {
        snprintf(why, why_size, "%d moves, %d replayed in %d waves", moves, next, waves);
        ok = 0;
    }
    int32_t *final_placement = malloc((size_t)shards * sizeof *final_placement);
    if (ok && (sp_plan_placement(plan, "final", final_placement, shards) != SP_OK ||
               memcmp(final_placement, at, (size_t)shards * sizeof *at) != 0)) {
        snprintf(why, why_size, "the replay does not end at sp_plan_placement(\"final\")");
        ok = 0;
    }
    double complete = 0;
    if (ok && sp_plan_value(plan, "complete", &complete) == SP_OK && complete == 1 &&
        memcmp(at, target, (size_t)shards * sizeof *at) != 0) {
        snprintf(why, why_size, "complete, but the replay does not end at the target");
        ok = 0;
    }
    free(final_placement);
    free(shard), free(from), free(to), free(wave), free(kind), free(at), free(moving), free(in), free(out), free(load);
    return ok;
}

/* Three hosts of capacity 10 in one resource; a (6) and c (4) fill h0, b (6) and d (4) fill h1, e (2) is on h2. */
enum { C_SHARDS = 5, C_HOSTS = 3 };
static const float c_demand[C_SHARDS] = {6, 6, 4, 4, 2};
static const float c_capacity[C_HOSTS] = {10, 10, 10};
static const int32_t c_current[C_SHARDS] = {0, 1, 0, 1, 2};

static int moved_shards(const int32_t *a, const int32_t *b, int shards) {
    int n = 0;
    for (int s = 0; s < shards; s++) {
        n += a[s] != b[s];
    }
    return n;
}

static void test_plan_cycle(void) {
    char why[256] = "";
    sp_problem *p = NULL;
    CHECK(sp_problem_create(C_SHARDS, C_HOSTS, 1, c_demand, c_capacity, NULL, &p) == SP_OK, "create");
    CHECK(sp_problem_set_option(p, "maxConcurrentPerHost", 1) == SP_OK, "maxConcurrentPerHost");

    /* a and b swap hosts: both are full, so one goes through h2 (a stage and an unstage move). */
    const int32_t swap[C_SHARDS] = {1, 0, 0, 1, 2};
    sp_plan *plan = NULL;
    CHECK(sp_problem_plan(p, C_SHARDS, c_current, swap, &plan) == SP_OK && plan != NULL, "plan the swap");
    CHECK(replay_plan(plan, C_SHARDS, C_HOSTS, 1, c_demand, c_capacity, NULL, c_current, swap, 1, why, sizeof why),
          "replay: %s", why);
    CHECK(sp_plan_size(plan, "moves") == 3 && sp_plan_size(plan, "staged") == 1 && sp_plan_size(plan, "waves") == 3,
          "3 moves (%d), 1 staged (%d), 3 waves (%d)", sp_plan_size(plan, "moves"), sp_plan_size(plan, "staged"),
          sp_plan_size(plan, "waves"));
    int32_t kind[8], through[8];
    CHECK(sp_plan_moves(plan, NULL, NULL, through, NULL, kind, 8) == SP_OK, "moves");
    CHECK(strcmp(sp_plan_move_kind_name(kind[0]), "stage") == 0 && through[0] == 2, "first a stage to h2: %s to %d",
          sp_plan_move_kind_name(kind[0]), through[0]);
    double value = -1;
    CHECK(sp_plan_value(plan, "complete", &value) == SP_OK && value == 1, "complete");
    CHECK(sp_plan_value(plan, "feasible", &value) == SP_OK && value == 1, "feasible");
    CHECK(sp_plan_value(plan, "version", &value) == SP_OK && value == 3, "one shard map version per move: %g", value);
    CHECK(sp_plan_size(plan, "blocked") == 0 && sp_plan_size(plan, "deferred") == 0, "nothing left out");
    int32_t placement[C_SHARDS];
    CHECK(sp_plan_placement(plan, "current", placement, C_SHARDS) == SP_OK &&
              memcmp(placement, c_current, sizeof placement) == 0,
          "current");
    CHECK(sp_plan_placement(plan, "target", placement, C_SHARDS) == SP_OK &&
              memcmp(placement, swap, sizeof placement) == 0,
          "target");

    /* JSON: the length, then the text. */
    size_t length = 0;
    CHECK(sp_plan_json(plan, NULL, 0, &length) == SP_OK && length > 50, "json length %zu", length);
    char *json = malloc(length + 1);
    CHECK(sp_plan_json(plan, json, length + 1, &length) == SP_OK && strlen(json) == length, "json");
    CHECK(strstr(json, "\"stagedMoves\" : 1") != NULL && strstr(json, "\"kind\" : \"unstage\"") != NULL &&
              strstr(json, "\"complete\" : true") != NULL,
          "json content: %.200s", json);
    free(json);
    char small[4] = "xyz";
    EXPECT_ERROR(SP_ERR_BUFFER, sp_plan_json(plan, small, sizeof small, &length));
    CHECK(strcmp(small, "xyz") == 0, "nothing written to a small buffer");

    /* Bad arguments on a live plan. */
    int32_t few[2];
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_moves(plan, few, NULL, NULL, NULL, NULL, 2));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_moves(plan, few, NULL, NULL, NULL, NULL, -1));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_size(plan, "parsecs"));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_size(plan, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_value(plan, "bytes", NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_value(plan, "karma", &value));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_placement(plan, "target", placement, C_SHARDS - 1));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_placement(plan, "target", NULL, C_SHARDS));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_placement(plan, "ideal", placement, C_SHARDS));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_blocked(plan, "blocked", 0, NULL, NULL, NULL, NULL, 0, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_blocked(plan, "deferred", -1, NULL, NULL, NULL, NULL, 0, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_blocked(plan, "forgotten", 0, NULL, NULL, NULL, NULL, 0, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_plan_json(plan, NULL, 10, &length));
    CHECK(sp_plan_move_kind_name(4) == NULL && sp_plan_move_kind_name(-1) == NULL, "kind out of range");
    EXPECT_ERROR(SP_ERR_HANDLE, sp_plan_size((sp_plan *)p, "moves")); /* a problem is not a plan */
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_size((sp_problem *)plan, "shards"));

    /* Plans outlive their problem; freed plans are detected. */
    sp_problem_free(p);
    CHECK(sp_plan_size(plan, "moves") == 3, "the plan outlives its problem");
    sp_plan_free(plan);
    EXPECT_ERROR(SP_ERR_HANDLE, sp_plan_size(plan, "moves"));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_plan_moves(plan, few, NULL, NULL, NULL, NULL, 8));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_plan_value(plan, "bytes", &value));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_plan_placement(plan, "final", placement, C_SHARDS));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_plan_blocked(plan, "blocked", 0, NULL, NULL, NULL, NULL, 0, NULL));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_plan_json(plan, NULL, 0, &length));
    CHECK(strstr(sp_last_error(), "freed") != NULL, "says freed: %s", sp_last_error());
    sp_clear_error();
    sp_plan_free(plan);
    CHECK(sp_last_error()[0] != '\0', "double free reported");
    sp_plan_free(NULL);
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_plan(p, C_SHARDS, c_current, swap, &plan)); /* freed problem */
}

static void test_plan_limits(void) {
    char why[256] = "";
    sp_problem *p = NULL;
    CHECK(sp_problem_create(C_SHARDS, C_HOSTS, 1, c_demand, c_capacity, NULL, &p) == SP_OK, "create");
    sp_plan *plan = NULL;

    /* c and d both go to h2: one wave each with maxConcurrentPerHost 1, one wave without. */
    const int32_t gather[C_SHARDS] = {0, 1, 2, 2, 2};
    CHECK(sp_problem_plan(p, C_SHARDS, c_current, gather, &plan) == SP_OK, "plan without limits");
    CHECK(sp_plan_size(plan, "waves") == 1 && sp_plan_size(plan, "moves") == 2, "one wave of two moves");
    CHECK(replay_plan(plan, C_SHARDS, C_HOSTS, 1, c_demand, c_capacity, NULL, c_current, gather, 0, why, sizeof why),
          "replay: %s", why);
    sp_plan_free(plan);
    CHECK(sp_problem_set_option(p, "maxConcurrentPerHost", 1) == SP_OK, "limit 1");
    CHECK(sp_problem_plan(p, C_SHARDS, c_current, gather, &plan) == SP_OK, "plan with maxConcurrentPerHost 1");
    CHECK(sp_plan_size(plan, "waves") == 2, "two waves, got %d", sp_plan_size(plan, "waves"));
    CHECK(replay_plan(plan, C_SHARDS, C_HOSTS, 1, c_demand, c_capacity, NULL, c_current, gather, 1, why, sizeof why),
          "replay: %s", why);
    sp_plan_free(plan);

    /* maxMovesTotal 1: the target is held to one move (the other reverted), planned completely. */
    CHECK(sp_problem_set_option(p, "maxMovesTotal", 1) == SP_OK, "maxMovesTotal 1");
    CHECK(sp_problem_plan(p, C_SHARDS, c_current, gather, &plan) == SP_OK, "plan with maxMovesTotal 1: %s",
          sp_last_error());
    int32_t held[C_SHARDS];
    double value = -1;
    CHECK(sp_plan_placement(plan, "target", held, C_SHARDS) == SP_OK && moved_shards(held, c_current, C_SHARDS) == 1 &&
              moved_shards(held, gather, C_SHARDS) == 1,
          "one move kept, one reverted");
    CHECK(sp_plan_value(plan, "reverted", &value) == SP_OK && value == 1, "reverted %g", value);
    CHECK(sp_plan_value(plan, "withinLimits", &value) == SP_OK && value == 1, "within limits");
    CHECK(sp_plan_size(plan, "moves") == 1, "one move");
    CHECK(replay_plan(plan, C_SHARDS, C_HOSTS, 1, c_demand, c_capacity, NULL, c_current, held, 1, why, sizeof why),
          "replay: %s", why);
    sp_plan_free(plan);
    CHECK(sp_problem_set_option(p, "maxMovesTotal", -1) == SP_OK, "no move limit again");

    /* e to h0, which is full and stays full: blocked, with the reason; the target is over capacity. */
    const int32_t crowd[C_SHARDS] = {0, 1, 0, 1, 0};
    sp_clear_error();
    CHECK(sp_problem_plan(p, C_SHARDS, c_current, crowd, &plan) == SP_INFEASIBLE && plan != NULL,
          "an infeasible target is planned as far as it goes");
    CHECK(strstr(sp_last_error(), "capacity") != NULL, "message names capacity: %s", sp_last_error());
    CHECK(sp_plan_size(plan, "blocked") == 1 && sp_plan_size(plan, "moves") == 0, "one blocked move");
    int32_t shard = -1, from = -1, to = -1;
    size_t length = 0;
    CHECK(sp_plan_blocked(plan, "blocked", 0, &shard, &from, &to, NULL, 0, &length) == SP_OK && length > 0,
          "reason length");
    char *reason = malloc(length + 1);
    CHECK(sp_plan_blocked(plan, "blocked", 0, &shard, &from, &to, reason, length + 1, &length) == SP_OK, "reason");
    CHECK(shard == 4 && from == 2 && to == 0 && strstr(reason, "h0 lacks r0") != NULL, "e h2 -> h0 blocked: %d %d %d %s",
          shard, from, to, reason);
    free(reason);
    CHECK(sp_plan_value(plan, "complete", &value) == SP_OK && value == 0, "incomplete");
    CHECK(sp_plan_value(plan, "feasible", &value) == SP_OK && value == 0, "infeasible");
    sp_plan_free(plan);

    /* Array-built shards have size 0: a byte limit of 0 per wave still lets them move. */
    CHECK(sp_problem_set_option(p, "maxBytesPerWave", 0) == SP_OK, "maxBytesPerWave 0");
    CHECK(sp_problem_plan(p, C_SHARDS, c_current, gather, &plan) == SP_OK, "size-0 shards move under a 0-byte limit");
    sp_plan_free(plan);

    /* Bad arguments: nothing returned. */
    sp_plan *none = NULL;
    int32_t wrong[C_SHARDS] = {0, 1, 0, 1, 3};
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_plan(p, C_SHARDS, c_current, gather, NULL));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_plan(p, C_SHARDS - 1, c_current, gather, &none));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_plan(p, C_SHARDS + 1, c_current, gather, &none));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_plan(p, C_SHARDS, wrong, gather, &none));
    CHECK(strstr(sp_last_error(), "current[4] = 3") != NULL, "names current[4]: %s", sp_last_error());
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_plan(p, C_SHARDS, c_current, wrong, &none));
    CHECK(strstr(sp_last_error(), "target[4] = 3") != NULL, "names target[4]: %s", sp_last_error());
    wrong[4] = -2;
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_plan(p, C_SHARDS, c_current, wrong, &none));
    EXPECT_ERROR(SP_ERR_HANDLE, sp_problem_plan(NULL, C_SHARDS, c_current, gather, &none));
    CHECK(none == NULL, "no handle on failure");
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "maxConcurrentPerHost", 0));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "maxConcurrentPerHost", 1.5));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "maxMovesTotal", -2));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "maxMovesPerHost", NAN));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "maxMovesPerDomain", INFINITY));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "maxBytesPerWave", -5));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "maxBytesTotal", NAN));
    EXPECT_ERROR(SP_ERR_ARGUMENT, sp_problem_set_option(p, "bandwidth", 0));
    sp_problem_free(p);
}

/* Planning without a target: a re-solve from the current placement, held to the move limit. */
static void test_plan_resolve(void) {
    char why[256] = "";
    sp_problem *p = NULL;
    CHECK(sp_problem_create(SHARDS, HOSTS, RESOURCES, demand, capacity, group, &p) == SP_OK, "create");
    sp_problem_set_option(p, "threads", 2);
    sp_problem_set_option(p, "seed", 3);
    sp_problem_set_option(p, "iterations", 20000);
    sp_problem_set_option(p, "maxConcurrentPerHost", 2);

    /* No current placement (array-built problems have none): every shard is created. */
    sp_plan *plan = NULL;
    CHECK(sp_problem_plan(p, SHARDS, NULL, NULL, &plan) == SP_OK, "plan from nothing: %s", sp_last_error());
    int32_t kind[2 * SHARDS], target[SHARDS], nowhere[SHARDS];
    for (int s = 0; s < SHARDS; s++) {
        nowhere[s] = -1;
    }
    CHECK(sp_plan_size(plan, "moves") == SHARDS, "one creation per shard: %d", sp_plan_size(plan, "moves"));
    CHECK(sp_plan_moves(plan, NULL, NULL, NULL, NULL, kind, 2 * SHARDS) == SP_OK, "moves");
    for (int m = 0; m < sp_plan_size(plan, "moves"); m++) {
        CHECK(strcmp(sp_plan_move_kind_name(kind[m]), "create") == 0, "move %d is a creation", m);
    }
    CHECK(sp_plan_placement(plan, "target", target, SHARDS) == SP_OK && feasible_here(target), "feasible target");
    CHECK(replay_plan(plan, SHARDS, HOSTS, RESOURCES, demand, capacity, group, nowhere, target, 2, why, sizeof why),
          "replay: %s", why);
    sp_plan_free(plan);

    /* From a feasible placement, at most 2 shards may change host. */
    const int32_t current[SHARDS] = {0, 1, 3, 0, 1, 2, 0, 1, 2, 2, 3, 3};
    CHECK(feasible_here(current), "the current placement is feasible");
    CHECK(sp_problem_set_option(p, "maxMovesTotal", 2) == SP_OK, "maxMovesTotal 2");
    int status = sp_problem_plan(p, SHARDS, current, NULL, &plan);
    CHECK(status == SP_OK, "re-solve and plan: %d %s", status, sp_last_error());
    CHECK(sp_plan_placement(plan, "target", target, SHARDS) == SP_OK && feasible_here(target), "feasible target");
    CHECK(moved_shards(target, current, SHARDS) <= 2, "%d shards change host", moved_shards(target, current, SHARDS));
    CHECK(sp_plan_size(plan, "moves") <= 2, "at most 2 moves: %d", sp_plan_size(plan, "moves"));
    CHECK(replay_plan(plan, SHARDS, HOSTS, RESOURCES, demand, capacity, group, current, target, 2, why, sizeof why),
          "replay: %s", why);
    double before = 0, after = 0, evaluated = 0;
    int feasible = 0;
    CHECK(sp_plan_value(plan, "costBefore", &before) == SP_OK && sp_plan_value(plan, "costAfter", &after) == SP_OK,
          "costs");
    /* Without a current placement on the problem, the migration term is 0 there: the target's cost is its
       evaluation plus the move cost of the shards that changed host (weight 1, move cost 1 each). */
    CHECK(sp_problem_evaluate(p, target, &evaluated, &feasible) == SP_OK && feasible, "evaluate the target");
    CHECK(fabs(after - evaluated - moved_shards(target, current, SHARDS)) <= 1e-9 * (1 + fabs(after)),
          "costAfter %.17g = evaluation %.17g + %d moves", after, evaluated, moved_shards(target, current, SHARDS));
    CHECK(sp_problem_evaluate(p, current, &evaluated, &feasible) == SP_OK && fabs(before - evaluated) <= 1e-9 * (1 + fabs(before)),
          "costBefore %.17g = evaluation of current %.17g", before, evaluated);
    sp_plan_free(plan);
    sp_problem_free(p);
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
    test_weights();
    test_plan_cycle();
    test_plan_limits();
    test_plan_resolve();
    printf("cabi_test: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
