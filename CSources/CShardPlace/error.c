/*
 * The thread-local last-error message of the C ABI: one fixed buffer per thread, so that storing a
 * message never allocates and nothing is left to free when a thread ends.
 */
#include <string.h>

#include "shardplace_private.h"

static _Thread_local char sp_error_message[SP_PRIVATE_ERROR_CAPACITY];

const char *sp_last_error(void) { return sp_error_message; }

void sp_clear_error(void) { sp_error_message[0] = '\0'; }

void sp_private_set_error(const char *message, size_t length) {
    if (message == NULL) {
        length = 0;
    }
    if (length > SP_PRIVATE_ERROR_CAPACITY - 1) {
        length = SP_PRIVATE_ERROR_CAPACITY - 1;
        /* Do not cut a multi-byte UTF-8 sequence: back up over continuation bytes (10xxxxxx). */
        while (length > 0 && ((unsigned char)message[length] & 0xC0) == 0x80) {
            length--;
        }
    }
    if (length > 0) {
        memcpy(sp_error_message, message, length);
    }
    sp_error_message[length] = '\0';
}
