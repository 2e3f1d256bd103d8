// shardplace.h compiled as C++ (-std=c++11 -Wall -Wextra -Werror -pedantic) and linked against the
// installed library: the extern "C" guards must give C linkage to every entry point, or this does not link.
// Run by .ci/run; prints "cabi_header.cpp: N passed, N failed".
#include <shardplace.h>

#include <cstdio>

int main() {
    int passed = 0;
    int failed = 0;
    sp_topology *topology = nullptr;
    if (sp_abi_version() == SP_ABI_VERSION && sp_term_count() > 0 && sp_term_name(0) != nullptr) {
        passed++;
    } else {
        failed++;
    }
    if (sp_topology_load("synthetic", "pack:1 core:2 pu:1", &topology) == SP_OK &&
        sp_topology_count(topology, "core") == 2) {
        passed++;
    } else {
        failed++;
    }
    sp_topology_free(topology);
    const float demand[2] = {1, 1};
    const float capacity[2] = {2, 2};
    const int32_t group[2] = {0, 0};
    sp_problem *problem = nullptr;
    int32_t placement[2] = {-1, -1};
    double cost = -1;
    int feasible = 0;
    if (sp_problem_create(2, 2, 1, demand, capacity, group, &problem) == SP_OK &&
        sp_problem_set_option(problem, "iterations", 1000) == SP_OK && sp_problem_solve(problem, placement) == SP_OK &&
        placement[0] != placement[1] && sp_problem_evaluate(problem, placement, &cost, &feasible) == SP_OK &&
        feasible == 1) {
        passed++;
    } else {
        failed++;
        std::fprintf(stderr, "FAIL: %s\n", sp_last_error());
    }
    // A plan from nowhere to the solved placement: two creations, replicas on distinct hosts.
    sp_plan *plan = nullptr;
    int32_t to[2] = {-1, -1};
    if (sp_problem_plan(problem, 2, nullptr, placement, &plan) == SP_OK && sp_plan_size(plan, "moves") == 2 &&
        sp_plan_moves(plan, nullptr, nullptr, to, nullptr, nullptr, 2) == SP_OK && to[0] != to[1]) {
        passed++;
    } else {
        failed++;
        std::fprintf(stderr, "FAIL plan: %s\n", sp_last_error());
    }
    sp_plan_free(plan);
    sp_problem_free(problem);
    // Every entry point, by address: all must have C linkage.
    const void *entries[] = {
        reinterpret_cast<const void *>(&sp_last_error),      reinterpret_cast<const void *>(&sp_clear_error),
        reinterpret_cast<const void *>(&sp_topology_json),   reinterpret_cast<const void *>(&sp_problem_create_json),
        reinterpret_cast<const void *>(&sp_problem_create_with_traffic),
        reinterpret_cast<const void *>(&sp_problem_size),    reinterpret_cast<const void *>(&sp_problem_leaf_host),
        reinterpret_cast<const void *>(&sp_problem_name),    reinterpret_cast<const void *>(&sp_problem_solution),
        reinterpret_cast<const void *>(&sp_problem_breakdown), reinterpret_cast<const void *>(&sp_problem_free),
        reinterpret_cast<const void *>(&sp_topology_free),
        // Revision 2.
        reinterpret_cast<const void *>(&sp_abi_revision),    reinterpret_cast<const void *>(&sp_problem_set_weight),
        reinterpret_cast<const void *>(&sp_problem_weight),  reinterpret_cast<const void *>(&sp_problem_plan),
        reinterpret_cast<const void *>(&sp_plan_size),       reinterpret_cast<const void *>(&sp_plan_value),
        reinterpret_cast<const void *>(&sp_plan_moves),      reinterpret_cast<const void *>(&sp_plan_move_kind_name),
        reinterpret_cast<const void *>(&sp_plan_blocked),    reinterpret_cast<const void *>(&sp_plan_placement),
        reinterpret_cast<const void *>(&sp_plan_json),       reinterpret_cast<const void *>(&sp_plan_free),
    };
    for (const void *entry : entries) {
        if (entry != nullptr) {
            passed++;
        } else {
            failed++;
        }
    }
    std::printf("cabi_header.cpp: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
