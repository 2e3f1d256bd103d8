/* Loading an hwloc topology and flattening it into plain arrays. */
#include "CTopology.h"
#include "internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hwloc.h>

#if HWLOC_API_VERSION < 0x00020000
#error "shardplace needs hwloc 2.x (libhwloc-dev >= 2.0)"
#endif

void ctopology_set_message(char *message, size_t capacity, const char *format, ...) {
    if (message == NULL || capacity == 0) return;
    va_list args;
    va_start(args, format);
    vsnprintf(message, capacity, format, args);
    va_end(args);
}

/* ---- flattening ---- */

typedef struct Builder {
    CTopologyObject *objects;
    int32_t count, capacity;
    int32_t *pool;
    int32_t pool_count, pool_capacity;
    hwloc_const_cpuset_t allowed;
    hwloc_topology_t topology;
    int failed;
} Builder;

static int32_t kept_type(hwloc_obj_type_t type) {
    switch (type) {
    case HWLOC_OBJ_MACHINE: return CTOPOLOGY_TYPE_MACHINE;
    case HWLOC_OBJ_PACKAGE: return CTOPOLOGY_TYPE_PACKAGE;
    case HWLOC_OBJ_DIE: return CTOPOLOGY_TYPE_DIE;
    case HWLOC_OBJ_GROUP: return CTOPOLOGY_TYPE_GROUP;
    case HWLOC_OBJ_NUMANODE: return CTOPOLOGY_TYPE_NUMANODE;
    case HWLOC_OBJ_L3CACHE: return CTOPOLOGY_TYPE_L3CACHE;
    case HWLOC_OBJ_L2CACHE: return CTOPOLOGY_TYPE_L2CACHE;
    case HWLOC_OBJ_L1CACHE: return CTOPOLOGY_TYPE_L1CACHE;
    case HWLOC_OBJ_CORE: return CTOPOLOGY_TYPE_CORE;
    case HWLOC_OBJ_PU: return CTOPOLOGY_TYPE_PU;
    default: return -1;
    }
}

static int grow(void **array, int32_t *capacity, int32_t needed, size_t element) {
    if (needed <= *capacity) return 0;
    int32_t next = *capacity ? *capacity : 64;
    while (next < needed) next *= 2;
    void *bigger = realloc(*array, (size_t)next * element);
    if (bigger == NULL) return -1;
    *array = bigger;
    *capacity = next;
    return 0;
}

static int32_t append_cpuset(Builder *b, hwloc_const_cpuset_t set) {
    int weight = set ? hwloc_bitmap_weight(set) : 0;
    if (weight < 0) weight = 0; /* infinite sets do not occur for objects */
    if (grow((void **)&b->pool, &b->pool_capacity, b->pool_count + weight, sizeof(int32_t)) != 0) {
        b->failed = 1;
        return 0;
    }
    unsigned id;
    if (set) {
        hwloc_bitmap_foreach_begin(id, set) { b->pool[b->pool_count++] = (int32_t)id; }
        hwloc_bitmap_foreach_end();
    }
    return weight;
}

static int32_t cpukind_of(hwloc_topology_t topology, hwloc_obj_t pu) {
    int kinds = hwloc_cpukinds_get_nr(topology, 0);
    if (kinds <= 0) return -1;
    return hwloc_cpukinds_get_by_cpuset(topology, pu->cpuset, 0);
}

static void visit(Builder *b, hwloc_obj_t obj, int32_t parent, int32_t depth);

static void visit_children(Builder *b, hwloc_obj_t obj, int32_t parent, int32_t depth) {
    for (hwloc_obj_t child = obj->memory_first_child; child != NULL; child = child->next_sibling)
        visit(b, child, parent, depth);
    for (hwloc_obj_t child = obj->first_child; child != NULL; child = child->next_sibling)
        visit(b, child, parent, depth);
}

static void visit(Builder *b, hwloc_obj_t obj, int32_t parent, int32_t depth) {
    if (b->failed) return;
    int32_t type = kept_type(obj->type);
    if (obj->type == HWLOC_OBJ_L1CACHE && obj->attr->cache.type == HWLOC_OBJ_CACHE_INSTRUCTION) type = -1;
    if (type < 0) { /* skipped level (L1i, MemCache, Misc...): its children hang from our parent */
        visit_children(b, obj, parent, depth);
        return;
    }
    if (grow((void **)&b->objects, &b->capacity, b->count + 1, sizeof(CTopologyObject)) != 0) {
        b->failed = 1;
        return;
    }
    int32_t index = b->count++;
    CTopologyObject *o = &b->objects[index];
    memset(o, 0, sizeof(*o));
    o->type = type;
    o->logical_index = (int32_t)obj->logical_index;
    o->os_index = obj->os_index == HWLOC_UNKNOWN_INDEX ? -1 : (int32_t)obj->os_index;
    o->parent = parent;
    o->depth = depth;
    o->cpukind = -1;
    if (type == CTOPOLOGY_TYPE_PU) {
        o->cpukind = cpukind_of(b->topology, obj);
        o->allowed = hwloc_bitmap_isset(b->allowed, obj->os_index) ? 1 : 0;
    }
    if (type == CTOPOLOGY_TYPE_NUMANODE) o->local_memory = obj->attr->numanode.local_memory;
    if (hwloc_obj_type_is_cache(obj->type)) {
        o->cache_depth = (int32_t)obj->attr->cache.depth;
        o->cache_size = obj->attr->cache.size;
        o->cache_linesize = (int32_t)obj->attr->cache.linesize;
        o->cache_associativity = obj->attr->cache.associativity;
    }
    if (type == CTOPOLOGY_TYPE_GROUP) o->group_depth = (int32_t)obj->attr->group.depth;
    if (obj->subtype) snprintf(o->subtype, sizeof(o->subtype), "%s", obj->subtype);
    int32_t first = b->pool_count;
    int32_t weight = append_cpuset(b, obj->cpuset);
    /* `o` may have moved if objects grew; re-take it after recursion, set cpuset now. */
    b->objects[index].cpuset_first = first;
    b->objects[index].cpuset_count = weight;
    visit_children(b, obj, index, depth + 1);
}

/* ---- the handle ---- */

struct CTopology {
    hwloc_topology_t topology;
    CTopologyObject *objects;
    int32_t object_count;
    int32_t *pool;
    int32_t pool_count;
    uint64_t *distances; /* side*side, NUMA logical order */
    int32_t distance_side;
};

hwloc_topology_t ctopology_hwloc(const CTopology *t) { return t->topology; }

static int read_distances(CTopology *t) {
    unsigned nr = 1;
    struct hwloc_distances_s *d = NULL;
    int err = hwloc_distances_get_by_type(t->topology, HWLOC_OBJ_NUMANODE, &nr, &d,
                                          HWLOC_DISTANCES_KIND_MEANS_LATENCY, 0);
    if (err != 0 || nr == 0 || d == NULL) { /* fall back to any NUMA matrix */
        nr = 1;
        d = NULL;
        err = hwloc_distances_get_by_type(t->topology, HWLOC_OBJ_NUMANODE, &nr, &d, 0, 0);
        if (err != 0 || nr == 0 || d == NULL) return 0;
    }
    int numa = hwloc_get_nbobjs_by_type(t->topology, HWLOC_OBJ_NUMANODE);
    if ((int)d->nbobjs != numa || numa <= 0) { /* partial matrices are not used */
        hwloc_distances_release(t->topology, d);
        return 0;
    }
    t->distances = calloc((size_t)numa * (size_t)numa, sizeof(uint64_t));
    if (t->distances == NULL) {
        hwloc_distances_release(t->topology, d);
        return -ENOMEM;
    }
    for (unsigned i = 0; i < d->nbobjs; i++)
        for (unsigned j = 0; j < d->nbobjs; j++) {
            unsigned li = d->objs[i]->logical_index, lj = d->objs[j]->logical_index;
            t->distances[(size_t)li * (size_t)numa + lj] = d->values[(size_t)i * d->nbobjs + j];
        }
    t->distance_side = numa;
    hwloc_distances_release(t->topology, d);
    return 0;
}

static const char *source_name(int32_t source) {
    switch (source) {
    case CTOPOLOGY_SOURCE_XML_FILE: return "XML file";
    case CTOPOLOGY_SOURCE_XML_BUFFER: return "XML buffer";
    case CTOPOLOGY_SOURCE_SYNTHETIC: return "synthetic description";
    default: return "this machine";
    }
}

int CTopology_load(int32_t source, const char *argument, size_t argument_length, CTopology **out,
                   char *message, size_t message_capacity) {
    if (out == NULL) return -EINVAL;
    *out = NULL;
    if (source != CTOPOLOGY_SOURCE_LIVE && argument == NULL) {
        ctopology_set_message(message, message_capacity, "no %s given", source_name(source));
        return -EINVAL;
    }
    if (source == CTOPOLOGY_SOURCE_XML_FILE) { /* hwloc's own error for a missing file is a bare EINVAL */
        struct stat st;
        if (stat(argument, &st) != 0) {
            int e = errno;
            ctopology_set_message(message, message_capacity, "cannot read '%s': %s", argument, strerror(e));
            return -e;
        }
        if (S_ISDIR(st.st_mode)) {
            ctopology_set_message(message, message_capacity, "cannot read '%s': is a directory", argument);
            return -EISDIR;
        }
    }
    CTopology *t = calloc(1, sizeof(*t));
    if (t == NULL) return -ENOMEM;
    if (hwloc_topology_init(&t->topology) != 0) {
        int e = errno ? errno : ENOMEM;
        free(t);
        ctopology_set_message(message, message_capacity, "hwloc_topology_init failed: %s", strerror(e));
        return -e;
    }
    /* Keep disallowed PUs so that "present" and "allowed" can both be reported. */
    hwloc_topology_set_flags(t->topology, HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED);
    int err = 0;
    switch (source) {
    case CTOPOLOGY_SOURCE_LIVE: break;
    case CTOPOLOGY_SOURCE_XML_FILE: err = hwloc_topology_set_xml(t->topology, argument); break;
    case CTOPOLOGY_SOURCE_XML_BUFFER:
        if (argument_length > (size_t)0x7fffffff) { errno = EFBIG; err = -1; break; }
        err = hwloc_topology_set_xmlbuffer(t->topology, argument, (int)argument_length);
        break;
    case CTOPOLOGY_SOURCE_SYNTHETIC: err = hwloc_topology_set_synthetic(t->topology, argument); break;
    default: errno = EINVAL; err = -1; break;
    }
    if (err == 0) err = hwloc_topology_load(t->topology);
    if (err != 0) {
        int e = errno ? errno : EINVAL;
        const char *why = e == EINVAL ? (source == CTOPOLOGY_SOURCE_SYNTHETIC
                                             ? "not a valid hwloc synthetic description"
                                             : "not a valid hwloc XML topology (malformed, truncated, or "
                                               "written by another program)")
                                      : strerror(e);
        if (source == CTOPOLOGY_SOURCE_XML_FILE || source == CTOPOLOGY_SOURCE_SYNTHETIC)
            ctopology_set_message(message, message_capacity, "hwloc cannot load %s '%s': %s",
                                  source_name(source), argument, why);
        else
            ctopology_set_message(message, message_capacity, "hwloc cannot load %s: %s", source_name(source), why);
        hwloc_topology_destroy(t->topology);
        free(t);
        return -e;
    }
    Builder b = {0};
    b.topology = t->topology;
    b.allowed = hwloc_topology_get_allowed_cpuset(t->topology);
    visit(&b, hwloc_get_root_obj(t->topology), -1, 0);
    int derr = b.failed ? -ENOMEM : read_distances(t);
    if (derr != 0) {
        free(b.objects);
        free(b.pool);
        free(t->distances);
        hwloc_topology_destroy(t->topology);
        free(t);
        ctopology_set_message(message, message_capacity, "out of memory while flattening the topology");
        return -ENOMEM;
    }
    t->objects = b.objects;
    t->object_count = b.count;
    t->pool = b.pool;
    t->pool_count = b.pool_count;
    *out = t;
    return 0;
}

void CTopology_destroy(CTopology *t) {
    if (t == NULL) return;
    free(t->objects);
    free(t->pool);
    free(t->distances);
    hwloc_topology_destroy(t->topology);
    free(t);
}

int32_t CTopology_object_count(const CTopology *t) { return t ? t->object_count : 0; }
int32_t CTopology_pu_pool_count(const CTopology *t) { return t ? t->pool_count : 0; }

int CTopology_copy_objects(const CTopology *t, CTopologyObject *out, int32_t capacity) {
    if (t == NULL || out == NULL || capacity < t->object_count) return -EINVAL;
    if (t->object_count > 0) memcpy(out, t->objects, (size_t)t->object_count * sizeof(CTopologyObject));
    return 0;
}

int CTopology_copy_pu_pool(const CTopology *t, int32_t *out, int32_t capacity) {
    if (t == NULL || (out == NULL && t->pool_count > 0) || capacity < t->pool_count) return -EINVAL;
    if (t->pool_count > 0) memcpy(out, t->pool, (size_t)t->pool_count * sizeof(int32_t));
    return 0;
}

int32_t CTopology_numa_distance_side(const CTopology *t) { return t ? t->distance_side : 0; }

int CTopology_copy_numa_distances(const CTopology *t, uint64_t *out, int32_t capacity) {
    if (t == NULL) return -EINVAL;
    int32_t n = t->distance_side * t->distance_side;
    if (n == 0) return 0;
    if (out == NULL || capacity < n) return -EINVAL;
    memcpy(out, t->distances, (size_t)n * sizeof(uint64_t));
    return 0;
}

int32_t CTopology_cpukind_count(const CTopology *t) {
    if (t == NULL) return 0;
    int n = hwloc_cpukinds_get_nr(t->topology, 0);
    return n < 0 ? 0 : n;
}

int CTopology_cpukind_info(const CTopology *t, int32_t kind, int32_t *efficiency, char *core_type,
                           size_t core_type_capacity) {
    if (t == NULL || kind < 0) return -EINVAL;
    int eff = -1;
    unsigned nr_infos = 0;
    struct hwloc_info_s *infos = NULL;
    if (hwloc_cpukinds_get_info(t->topology, (unsigned)kind, NULL, &eff, &nr_infos, &infos, 0) != 0)
        return -(errno ? errno : EINVAL);
    if (efficiency) *efficiency = eff;
    if (core_type && core_type_capacity > 0) {
        core_type[0] = '\0';
        for (unsigned i = 0; i < nr_infos; i++)
            if (strcmp(infos[i].name, "CoreType") == 0)
                snprintf(core_type, core_type_capacity, "%s", infos[i].value);
    }
    return 0;
}

int CTopology_is_this_system(const CTopology *t) { return t ? hwloc_topology_is_thissystem(t->topology) : 0; }

uint32_t CTopology_hwloc_version(void) { return (uint32_t)hwloc_get_api_version(); }

int CTopology_export_xml(const CTopology *t, char *out, size_t capacity, size_t *needed, char *message,
                         size_t message_capacity) {
    if (t == NULL || needed == NULL) return -EINVAL;
    char *buffer = NULL;
    int length = 0;
    if (hwloc_topology_export_xmlbuffer(t->topology, &buffer, &length, 0) != 0) {
        int e = errno ? errno : EINVAL;
        ctopology_set_message(message, message_capacity, "hwloc cannot export XML: %s", strerror(e));
        return -e;
    }
    /* length counts the terminating NUL */
    *needed = (size_t)length;
    if (out != NULL && capacity >= (size_t)length) memcpy(out, buffer, (size_t)length);
    hwloc_free_xmlbuffer(t->topology, buffer);
    return 0;
}
