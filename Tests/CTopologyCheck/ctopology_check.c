/* Exercises every entry point of the C core, success and failure paths, so that it can be run under
 * valgrind (see .ci/run): any leak or invalid access fails CI. Usage: ctopology_check SAMPLE.xml */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CTopology.h"

static int failures = 0;
#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
            failures++;                                                                            \
        }                                                                                          \
    } while (0)

static void exercise(CTopology *t) {
    int32_t n = CTopology_object_count(t);
    CHECK(n > 0);
    CTopologyObject *objects = calloc((size_t)n, sizeof(*objects));
    CHECK(CTopology_copy_objects(t, objects, n) == 0);
    CHECK(CTopology_copy_objects(t, objects, n - 1) == -EINVAL);
    int32_t pool_count = CTopology_pu_pool_count(t);
    int32_t *pool = calloc((size_t)pool_count + 1, sizeof(int32_t));
    CHECK(CTopology_copy_pu_pool(t, pool, pool_count) == 0);
    CHECK(objects[0].type == CTOPOLOGY_TYPE_MACHINE && objects[0].parent == -1);
    int32_t side = CTopology_numa_distance_side(t);
    if (side > 0) {
        uint64_t *d = calloc((size_t)side * (size_t)side, sizeof(uint64_t));
        CHECK(CTopology_copy_numa_distances(t, d, side * side) == 0);
        free(d);
    }
    for (int32_t k = 0; k < CTopology_cpukind_count(t); k++) {
        int32_t eff;
        char type[64];
        CHECK(CTopology_cpukind_info(t, k, &eff, type, sizeof type) == 0);
    }
    size_t needed = 0;
    char message[256];
    CHECK(CTopology_export_xml(t, NULL, 0, &needed, message, sizeof message) == 0 && needed > 0);
    char *xml = malloc(needed);
    CHECK(CTopology_export_xml(t, xml, needed, &needed, message, sizeof message) == 0);
    CTopology *again = NULL;
    CHECK(CTopology_load(CTOPOLOGY_SOURCE_XML_BUFFER, xml, needed, &again, message, sizeof message) == 0);
    CHECK(CTopology_object_count(again) == n);
    CTopology_destroy(again);
    free(xml);
    /* Binding: on a non-live topology a no-op that succeeds; memory is plain. */
    int32_t pu = pool[0];
    CHECK(CTopology_bind_thread(t, &pu, 1, message, sizeof message) == 0);
    CHECK(CTopology_bind_thread(t, NULL, 0, message, sizeof message) == -EINVAL);
    void *p = CTopology_alloc_on_node(t, 1 << 16, 0);
    CHECK(p != NULL);
    if (p) memset(p, 1, 1 << 16);
    CTopology_free_memory(t, p, 1 << 16);
    free(pool);
    free(objects);
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SAMPLE.xml\n", argv[0]);
        return 2;
    }
    char message[512];
    CTopology *t = NULL;

    CHECK(CTopology_load(CTOPOLOGY_SOURCE_XML_FILE, argv[1], strlen(argv[1]), &t, message, sizeof message) == 0);
    if (t) exercise(t);
    CTopology_destroy(t);

    t = NULL;
    const char *synthetic = "pack:2 numa:2 l3:1 core:4 pu:2";
    CHECK(CTopology_load(CTOPOLOGY_SOURCE_SYNTHETIC, synthetic, strlen(synthetic), &t, message, sizeof message) == 0);
    if (t) exercise(t);
    CTopology_destroy(t);

    t = NULL;
    CHECK(CTopology_load(CTOPOLOGY_SOURCE_LIVE, NULL, 0, &t, message, sizeof message) == 0);
    if (t) {
        CHECK(CTopology_is_this_system(t) == 1);
        int32_t first = -1;
        CHECK(CTopology_thread_binding(t, &first, 1) >= 1);
        void *p = CTopology_alloc_on_node(t, 1 << 20, 0);
        CHECK(p != NULL);
        CTopology_free_memory(t, p, 1 << 20);
    }
    CTopology_destroy(t);

    /* Failure paths leave nothing behind. */
    t = (CTopology *)1;
    CHECK(CTopology_load(CTOPOLOGY_SOURCE_XML_FILE, "/nonexistent.xml", 16, &t, message, sizeof message) == -ENOENT);
    CHECK(t == NULL && strstr(message, "/nonexistent.xml") != NULL);
    const char *bad = "pack:2 nonsense:3";
    CHECK(CTopology_load(CTOPOLOGY_SOURCE_SYNTHETIC, bad, strlen(bad), &t, message, sizeof message) == -EINVAL);
    const char *foreign = "<?xml version=\"1.0\"?><html></html>";
    CHECK(CTopology_load(CTOPOLOGY_SOURCE_XML_BUFFER, foreign, strlen(foreign) + 1, &t, message, sizeof message) < 0);
    CHECK(CTopology_load(CTOPOLOGY_SOURCE_XML_FILE, NULL, 0, &t, message, sizeof message) == -EINVAL);

    /* libnuma */
    if (CTopology_numa_available()) {
        CHECK(CTopology_numa_node_count() >= 1);
        CHECK(CTopology_numa_distance(0, 0) == 10);
        int64_t size = 0, free_bytes = 0;
        CHECK(CTopology_numa_node_memory(0, &size, &free_bytes) == 0 && size > 0);
        CHECK(CTopology_numa_node_cpus(0, NULL, 0) >= 1);
        CHECK(CTopology_numa_node_memory(100000, &size, &free_bytes) == -EINVAL);
    }
    /* The prefetch hint changes nothing and never faults, whatever the address. */
    int64_t line[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    CTopology_prefetch(line);
    CTopology_prefetch(NULL);
    CTopology_prefetch((const void *)(uintptr_t)0x10);
    CHECK(line[0] == 1 && line[7] == 8);

    if (failures == 0) printf("ctopology_check: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
