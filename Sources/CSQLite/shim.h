#ifndef SLIPWAY_CSQLITE_SHIM_H
#define SLIPWAY_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT does not import into Swift: SQLite copies the bound text at once.
static inline void (*slipway_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
#endif
