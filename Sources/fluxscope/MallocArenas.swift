#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// glibc's allocator gives threads arenas of their own, up to eight per core; memory freed
/// in one is not handed back to the system while a little of it is still in use. A read of
/// the whole store run by run frees a run's rows, evidence and enrichment on other threads
/// than those that allocate the next run's, and the arenas' free but held pages grew with
/// the length of the read (`export rpz`, 1,000,000 domains: 275 MB peak with glibc's default,
/// 180 MB with `MALLOC_ARENA_MAX=2`, docs/reports.md). The analysis commands limit the arenas
/// to the number of cores (at least 2) before they read, unless `MALLOC_ARENA_MAX` is set.
enum MallocArenas {
    static func limitToCores() {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil,
              let symbol = dlsym(nil, "mallopt") else { return }
        // mallopt(3) is in <malloc.h>, which the Glibc module does not export; M_ARENA_MAX is -8.
        let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = mallopt(-8, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }

    /// Hands the free pages held in every arena back to the system (`malloc_trim(0)`, which
    /// also releases whole free pages inside an arena, not only at its top): `analyze`, which
    /// keeps glibc's default arenas for speed, calls it after each run of names, so that what
    /// its arenas hold stays what one run needs instead of growing with the length of the read
    /// (docs/analyze.md).
    static func trim() {
        #if canImport(Glibc)
        // malloc_trim(3) is in <malloc.h> too.
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        let mallocTrim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        _ = mallocTrim(0)
        #endif
    }
}
