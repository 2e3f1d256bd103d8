/* Thread binding and NUMA-local allocation through hwloc. On a topology that is not this system's
 * (XML or synthetic) hwloc installs empty hooks: binding succeeds and does nothing, and allocation
 * falls back to plain memory, which is exactly the degradation the solver wants. */
#include "internal.h"

#include <errno.h>
#include <string.h>

int CTopology_bind_thread(const CTopology *t, const int32_t *pus, int32_t count, char *message,
                          size_t message_capacity) {
    if (t == NULL || (pus == NULL && count > 0) || count <= 0) {
        ctopology_set_message(message, message_capacity, "cannot bind to an empty set of PUs");
        return -EINVAL;
    }
    hwloc_bitmap_t set = hwloc_bitmap_alloc();
    if (set == NULL) return -ENOMEM;
    for (int32_t i = 0; i < count; i++) {
        if (pus[i] < 0) {
            hwloc_bitmap_free(set);
            ctopology_set_message(message, message_capacity, "invalid PU OS index %d", pus[i]);
            return -EINVAL;
        }
        hwloc_bitmap_set(set, (unsigned)pus[i]);
    }
    int err = hwloc_set_cpubind(ctopology_hwloc(t), set, HWLOC_CPUBIND_THREAD);
    int e = errno;
    hwloc_bitmap_free(set);
    if (err != 0) {
        e = e ? e : EINVAL;
        ctopology_set_message(message, message_capacity, "hwloc_set_cpubind failed: %s", strerror(e));
        return -e;
    }
    return 0;
}

int CTopology_thread_binding(const CTopology *t, int32_t *out, int32_t capacity) {
    if (t == NULL) return -EINVAL;
    hwloc_bitmap_t set = hwloc_bitmap_alloc();
    if (set == NULL) return -ENOMEM;
    if (hwloc_get_cpubind(ctopology_hwloc(t), set, HWLOC_CPUBIND_THREAD) != 0) {
        int e = errno ? errno : ENOSYS;
        hwloc_bitmap_free(set);
        return -e;
    }
    int32_t n = 0;
    unsigned id;
    hwloc_bitmap_foreach_begin(id, set) {
        if (out != NULL && n < capacity) out[n] = (int32_t)id;
        n++;
    }
    hwloc_bitmap_foreach_end();
    hwloc_bitmap_free(set);
    return n;
}

void *CTopology_alloc_on_node(const CTopology *t, size_t length, int32_t numa_os_index) {
    if (t == NULL || length == 0 || numa_os_index < 0) {
        errno = EINVAL;
        return NULL;
    }
    hwloc_topology_t topology = ctopology_hwloc(t);
    if (!hwloc_topology_is_thissystem(topology)) return hwloc_alloc(topology, length);
    hwloc_bitmap_t nodes = hwloc_bitmap_alloc();
    if (nodes == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    hwloc_bitmap_only(nodes, (unsigned)numa_os_index);
    /* Not HWLOC_MEMBIND_STRICT: where binding is unsupported hwloc allocates plainly. */
    void *p = hwloc_alloc_membind(topology, length, nodes, HWLOC_MEMBIND_BIND, HWLOC_MEMBIND_BYNODESET);
    hwloc_bitmap_free(nodes);
    return p;
}

void CTopology_free_memory(const CTopology *t, void *pointer, size_t length) {
    if (t == NULL || pointer == NULL) return;
    hwloc_free(ctopology_hwloc(t), pointer, length);
}
