/*
 * CTopology — the small C core of shardplace.
 *
 * It reads hardware topology through hwloc (and, on Linux, libnuma) and hands Swift a flattened,
 * immutable description: plain integers, caller-allocated arrays, 0 / -errno returns. It also
 * carries the primitives the solver needs from the machine: bind the calling thread to a set of PUs,
 * allocate memory on a NUMA node, and hint the cache to fetch a line early. No policy lives here.
 *
 * Every symbol is prefixed `CTopology_` / `CTOPOLOGY_`. Two Swift files import this module: the
 * topology loader and FixedBuffer (for the prefetch hint).
 */
#ifndef CTOPOLOGY_H
#define CTOPOLOGY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque, loaded hwloc topology. Owned by the caller; release with CTopology_destroy. */
typedef struct CTopology CTopology;

/** Where a topology comes from. */
enum {
    CTOPOLOGY_SOURCE_LIVE = 0,       /* this machine */
    CTOPOLOGY_SOURCE_XML_FILE = 1,   /* an hwloc XML export on disk */
    CTOPOLOGY_SOURCE_XML_BUFFER = 2, /* an hwloc XML export in memory */
    CTOPOLOGY_SOURCE_SYNTHETIC = 3,  /* an hwloc synthetic description, e.g. "pack:2 core:4 pu:2" */
};

/** The object types kept in the flattened tree (others, such as L1i, MemCache or I/O, are skipped). */
enum {
    CTOPOLOGY_TYPE_MACHINE = 0,
    CTOPOLOGY_TYPE_PACKAGE = 1,
    CTOPOLOGY_TYPE_DIE = 2,
    CTOPOLOGY_TYPE_GROUP = 3,
    CTOPOLOGY_TYPE_NUMANODE = 4,
    CTOPOLOGY_TYPE_L3CACHE = 5,
    CTOPOLOGY_TYPE_L2CACHE = 6,
    CTOPOLOGY_TYPE_L1CACHE = 7,
    CTOPOLOGY_TYPE_CORE = 8,
    CTOPOLOGY_TYPE_PU = 9,
};

/** One object of the flattened tree. Objects are listed in depth-first pre-order; a NUMA node is
 *  listed as a child of the object hwloc attaches it to (memory children first). */
typedef struct CTopologyObject {
    int32_t type;          /* CTOPOLOGY_TYPE_* */
    int32_t logical_index; /* hwloc's L# */
    int32_t os_index;      /* hwloc's P#, -1 when hwloc has none */
    int32_t parent;        /* index of the parent in the flattened array, -1 for the root */
    int32_t depth;         /* depth in the flattened tree, root = 0 */
    int32_t cpuset_first;  /* first entry of this object's PUs (OS indexes) in the PU pool */
    int32_t cpuset_count;  /* number of PUs in this object's cpuset */
    int32_t cpukind;       /* PUs: index of the CPU kind (0 = least efficient), -1 when unknown */
    int32_t allowed;       /* PUs: 1 when in the allowed cpuset (cgroups, taskset), else 0 */
    int32_t cache_depth;   /* caches: 1, 2, 3; 0 otherwise */
    uint64_t local_memory; /* NUMA nodes: local memory in bytes; 0 otherwise */
    uint64_t cache_size;   /* caches: size in bytes; 0 otherwise */
    int32_t cache_linesize;
    int32_t cache_associativity; /* -1 = fully associative, 0 = unknown */
    int32_t group_depth;   /* Groups: hwloc's group depth (the N of "GroupN"); 0 otherwise */
    char subtype[32];      /* hwloc subtype (e.g. "Cluster" for a Group), "" when none */
} CTopologyObject;

/**
 * Loads a topology. `argument` is the XML path, the XML buffer (with `argument_length` bytes) or the
 * synthetic description; it is ignored for CTOPOLOGY_SOURCE_LIVE. On failure returns -errno and writes
 * a one-line reason into `message` (which may be NULL); `*out` is then NULL.
 * Wraps hwloc_topology_init / set_xml / set_xmlbuffer / set_synthetic / load.
 */
int CTopology_load(int32_t source, const char *argument, size_t argument_length, CTopology **out,
                   char *message, size_t message_capacity);

/** Releases a topology and everything it owns. NULL is allowed. */
void CTopology_destroy(CTopology *topology);

/** Number of objects in the flattened tree. */
int32_t CTopology_object_count(const CTopology *topology);

/** Number of entries of the PU pool that the objects' cpusets point into. */
int32_t CTopology_pu_pool_count(const CTopology *topology);

/** Copies the objects (capacity >= object count) and the PU pool. Return 0 or -EINVAL. */
int CTopology_copy_objects(const CTopology *topology, CTopologyObject *out, int32_t capacity);
int CTopology_copy_pu_pool(const CTopology *topology, int32_t *out, int32_t capacity);

/** Side of the NUMA latency matrix hwloc has (the NUMA node count), or 0 when it has none. */
int32_t CTopology_numa_distance_side(const CTopology *topology);

/** Copies the NUMA latency matrix, row-major, rows and columns in NUMA logical order. */
int CTopology_copy_numa_distances(const CTopology *topology, uint64_t *out, int32_t capacity);

/** Number of CPU kinds hwloc knows (0 when none, e.g. a synthetic topology). */
int32_t CTopology_cpukind_count(const CTopology *topology);

/** Efficiency of a CPU kind (-1 unknown) and its "CoreType" info ("" when absent). */
int CTopology_cpukind_info(const CTopology *topology, int32_t kind, int32_t *efficiency, char *core_type,
                           size_t core_type_capacity);

/** 1 when the topology describes the machine this process runs on (binding then has effect). */
int CTopology_is_this_system(const CTopology *topology);

/** The hwloc library version this process runs with, as 0xMMmmrr. */
uint32_t CTopology_hwloc_version(void);

/**
 * Exports the topology as hwloc XML (hwloc_topology_export_xmlbuffer). Writes at most `capacity`
 * bytes into `out` (NUL-terminated when it fits) and the needed size (with the NUL) into `*needed`.
 */
int CTopology_export_xml(const CTopology *topology, char *out, size_t capacity, size_t *needed,
                         char *message, size_t message_capacity);

/* ---- Binding and NUMA-local memory (no-ops that succeed when the topology is not this system's) ---- */

/** Binds the calling thread to the PUs with these OS indexes (hwloc_set_cpubind, HWLOC_CPUBIND_THREAD). */
int CTopology_bind_thread(const CTopology *topology, const int32_t *pu_os_indexes, int32_t count,
                          char *message, size_t message_capacity);

/** Writes the OS indexes of the PUs the calling thread is bound to; returns their count or -errno. */
int CTopology_thread_binding(const CTopology *topology, int32_t *out, int32_t capacity);

/** Allocates `length` bytes bound to the NUMA node with this OS index (hwloc_alloc_membind, not
 *  strict: falls back to plain allocation). Returns NULL with errno set on failure. */
void *CTopology_alloc_on_node(const CTopology *topology, size_t length, int32_t numa_os_index);

/** Releases memory from CTopology_alloc_on_node (hwloc_free). */
void CTopology_free_memory(const CTopology *topology, void *pointer, size_t length);

/* ---- libnuma: this machine as the kernel reports it (Linux only; elsewhere "not available") ---- */

/** 1 when the kernel has NUMA support (numa_available() >= 0), else 0. */
int CTopology_numa_available(void);

/** Number of configured NUMA nodes, or 0 when NUMA is not available. */
int CTopology_numa_node_count(void);

/** Highest NUMA node number, or -1. */
int CTopology_numa_max_node(void);

/** SLIT distance between two nodes (10 = local), or 0 when unknown. */
int CTopology_numa_distance(int32_t from, int32_t to);

/** Size and free memory of a node in bytes; returns 0 or -errno. */
int CTopology_numa_node_memory(int32_t node, int64_t *size, int64_t *free_bytes);

/** The CPUs of a node; returns their count (may exceed capacity) or -errno. */
int CTopology_numa_node_cpus(int32_t node, int32_t *out, int32_t capacity);

/**
 * A hint that the cache line holding `address` will be read soon (x86 PREFETCHT0 / ARM PRFM; never
 * faults, whatever the address). Inline so that the solver's hot loops pay one instruction for it;
 * Swift has no prefetch of its own.
 */
static inline void CTopology_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#ifdef __cplusplus
}
#endif

#endif /* CTOPOLOGY_H */
