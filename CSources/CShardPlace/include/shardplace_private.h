/*
 * Private to libshardplace: what the Swift entry points need from the C side. Not installed; the
 * public ABI is shardplace.h alone.
 */
#ifndef SHARDPLACE_PRIVATE_H
#define SHARDPLACE_PRIVATE_H

#include "shardplace.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Capacity of the calling thread's last-error buffer, NUL included; longer messages are cut. */
#define SP_PRIVATE_ERROR_CAPACITY 4096

/** Stores `message` (length bytes, need not be NUL-terminated) as the calling thread's last error,
 *  cut at SP_PRIVATE_ERROR_CAPACITY - 1 bytes on a UTF-8 character boundary. */
__attribute__((visibility("hidden"))) void sp_private_set_error(const char *message, size_t length);

#ifdef __cplusplus
}
#endif

#endif /* SHARDPLACE_PRIVATE_H */
