#define _GNU_SOURCE
#include "CSupport.h"

#include <fcntl.h>

int slipway_start_writeback(int fd, long long offset, long long length) {
    return sync_file_range(fd, offset, length, SYNC_FILE_RANGE_WRITE);
}

int slipway_preallocate(int fd, long long offset, long long length) {
    return fallocate(fd, FALLOC_FL_KEEP_SIZE, offset, length);
}
