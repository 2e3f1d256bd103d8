/* This machine's NUMA layout as the kernel reports it, through libnuma. */
#include "CTopology.h"

#include <errno.h>

#ifdef __linux__
#include <numa.h>

int CTopology_numa_available(void) { return numa_available() >= 0 ? 1 : 0; }

int CTopology_numa_node_count(void) { return CTopology_numa_available() ? numa_num_configured_nodes() : 0; }

int CTopology_numa_max_node(void) { return CTopology_numa_available() ? numa_max_node() : -1; }

int CTopology_numa_distance(int32_t from, int32_t to) {
    if (!CTopology_numa_available() || from < 0 || to < 0 || from > numa_max_node() || to > numa_max_node())
        return 0;
    return numa_distance(from, to);
}

int CTopology_numa_node_memory(int32_t node, int64_t *size, int64_t *free_bytes) {
    if (!CTopology_numa_available()) return -ENOSYS;
    if (node < 0 || node > numa_max_node()) return -EINVAL;
    long long free_ll = 0;
    long long total = numa_node_size64(node, &free_ll);
    if (total < 0) return -(errno ? errno : EINVAL);
    if (size) *size = total;
    if (free_bytes) *free_bytes = free_ll;
    return 0;
}

int CTopology_numa_node_cpus(int32_t node, int32_t *out, int32_t capacity) {
    if (!CTopology_numa_available()) return -ENOSYS;
    if (node < 0 || node > numa_max_node()) return -EINVAL;
    struct bitmask *mask = numa_allocate_cpumask();
    if (mask == NULL) return -ENOMEM;
    if (numa_node_to_cpus(node, mask) != 0) {
        int e = errno ? errno : EINVAL;
        numa_free_cpumask(mask);
        return -e;
    }
    int32_t n = 0;
    for (unsigned cpu = 0; cpu < mask->size; cpu++) {
        if (!numa_bitmask_isbitset(mask, cpu)) continue;
        if (out != NULL && n < capacity) out[n] = (int32_t)cpu;
        n++;
    }
    numa_free_cpumask(mask);
    return n;
}

#else /* no libnuma: report "not available" */

int CTopology_numa_available(void) { return 0; }
int CTopology_numa_node_count(void) { return 0; }
int CTopology_numa_max_node(void) { return -1; }
int CTopology_numa_distance(int32_t from, int32_t to) { (void)from; (void)to; return 0; }
int CTopology_numa_node_memory(int32_t node, int64_t *size, int64_t *free_bytes) {
    (void)node; (void)size; (void)free_bytes;
    return -ENOSYS;
}
int CTopology_numa_node_cpus(int32_t node, int32_t *out, int32_t capacity) {
    (void)node; (void)out; (void)capacity;
    return -ENOSYS;
}

#endif
