import Allocator
import Testing

/// This test binary links the `Allocator` target as the executables do, so what holds here holds
/// for `greenlight` and `greenlight-bench`.
@Suite struct MemoryAllocatorTests {
    @Test func jemallocAnswersWithItsVersion() throws {
        let version = try #require(MemoryAllocator.version)
        #expect(version.hasPrefix("jemalloc 5."))
    }

    /// The dynamic linker bound malloc to jemalloc's, not glibc's: linked but not bound would
    /// give none of the gain and a misleading log line.
    @Test func jemallocServesMalloc() {
        #expect(MemoryAllocator.servesMalloc)
        #expect(MemoryAllocator.summary == MemoryAllocator.version)
    }
}
