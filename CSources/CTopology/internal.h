/* Shared between the C files of CTopology; not part of the module's interface. */
#ifndef CTOPOLOGY_INTERNAL_H
#define CTOPOLOGY_INTERNAL_H

#include <stddef.h>

#include <hwloc.h>

#include "CTopology.h"

/** Formats a one-line reason into a caller buffer (NULL or empty buffers are ignored). */
void ctopology_set_message(char *message, size_t capacity, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/** The hwloc topology behind a handle. */
hwloc_topology_t ctopology_hwloc(const CTopology *topology);

#endif
