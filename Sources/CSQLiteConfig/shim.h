#include <sqlite3.h>

/* sqlite3_config is variadic, which Swift cannot call: these wrap the two settings the store
 * makes before SQLite initializes (SQLiteStore.configureSQLite). Each returns SQLite's result
 * code (SQLITE_MISUSE once SQLite has initialized). */

/* Connections opened without a threading flag get no mutex of their own: GRDB hands each
 * connection to one thread at a time (its SerializedDatabase). */
static inline int fluxscope_sqlite_multithread(void) {
    return sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
}

/* No memory statistics: every allocation otherwise takes a global mutex to count itself. */
static inline int fluxscope_sqlite_no_memstatus(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
