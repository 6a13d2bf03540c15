import CJemalloc

#if canImport(Glibc)
import Glibc
#endif

/// The process's memory allocator: jemalloc, linked into the executables in place of glibc's
/// malloc.
///
/// Why: a PAS submission or a CRD hook call allocates thousands of short-lived blocks across
/// NIO's event loops, the Swift concurrency pool and the store's writer thread. glibc's malloc
/// spent 12–13% of a submission's CPU there (consolidating and unlinking freed chunks of its
/// per-thread arenas); with jemalloc the same submissions cost 6–8% less CPU over HTTP and 13%
/// less in process, measured side by side (`scripts/bench-pair`, README "Performance").
///
/// Depending on this target is what links jemalloc: a library that imports it makes every
/// program built from it allocate through jemalloc.
public enum MemoryAllocator {
    /// The allocator's name and version, e.g. `jemalloc 5.3.0-0-g54eaed1d…`, or `nil` when
    /// jemalloc does not answer.
    public static var version: String? {
        var text: UnsafePointer<CChar>? = nil
        var length = MemoryLayout<UnsafePointer<CChar>?>.size
        guard mallctl("version", &text, &length, nil, 0) == 0, let text else { return nil }
        return "jemalloc " + String(cString: text)
    }

    /// Whether `malloc` in this process is jemalloc's: the bytes jemalloc counts as allocated by
    /// this thread grow when `malloc` is called. (jemalloc could be loaded and glibc's malloc
    /// still be the one the dynamic linker bound, if the link order put libc first.)
    public static var servesMalloc: Bool {
        guard let before = allocatedByThisThread() else { return false }
        // Kept where the optimizer cannot prove it unused, or it could drop the malloc/free pair.
        probe = malloc(4096)
        defer {
            free(probe)
            probe = nil
        }
        guard let after = allocatedByThisThread() else { return false }
        return after >= before + 4096
    }

    /// One line for logs and benchmark headers: what serves malloc here.
    public static var summary: String {
        guard let version else { return "glibc malloc (jemalloc not linked)" }
        return servesMalloc ? version : "glibc malloc (\(version) loaded but not bound)"
    }

    nonisolated(unsafe) private static var probe: UnsafeMutableRawPointer?

    private static func allocatedByThisThread() -> UInt64? {
        var value: UInt64 = 0
        var length = MemoryLayout<UInt64>.size
        guard mallctl("thread.allocated", &value, &length, nil, 0) == 0 else { return nil }
        return value
    }
}
