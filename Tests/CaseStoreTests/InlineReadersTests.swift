import Foundation
import Synchronization
import Testing

@testable import CaseStore

/// Small lookups read on the caller's thread, and fall back to an awaited read when every
/// inline connection is taken.
@Suite struct InlineReadersTests {
    @Test func aLookupSeesTheWriteJustCommitted() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        for index in 0..<20 {
            let opened = try await test.store.openCase(Fixtures.intake(identifier: "req-\(index)"))
            #expect(try await test.store.paCase(id: opened.paCase.id)?.id == opened.paCase.id)
        }
    }

    @Test func whenEveryConnectionIsTakenTheReadIsAwaitedInstead() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        let opened = try await test.store.openCase(Fixtures.intake(identifier: "req-1"))
        let inline = try #require(test.store.inline)
        let store = test.store, caseID = opened.paCase.id

        // The connections are held on a thread of its own: blocking one of the few threads
        // Swift concurrency runs tasks on would starve the lookup (and other tests) instead.
        let found: PACase?? = try await Self.onOwnThread {
            try Self.holding(inline, connections: inline.count) {
                // Nothing left inline...
                #expect(try inline.read { _ in 1 } == nil)
                // ...and yet a lookup from another task is answered.
                let answer = Mutex<Result<PACase?, any Error>?>(nil)
                let done = DispatchSemaphore(value: 0)
                Task.detached {
                    let result: Result<PACase?, any Error>
                    do { result = .success(try await store.paCase(id: caseID)) } catch { result = .failure(error) }
                    answer.withLock { $0 = result }
                    done.signal()
                }
                #expect(done.wait(timeout: .now() + 30) == .success)
                return try answer.withLock { $0 }?.get()
            }
        }
        #expect(found??.id == caseID)
        // Every connection came back.
        #expect(try Self.holding(inline, connections: inline.count) { 1 } == 1)
    }

    @Test func aClosedStoreReadsNothingInline() async throws {
        let test = try TestStore()
        defer { test.removeFiles() }
        let inline = try #require(test.store.inline)
        try test.store.close()
        #expect(try inline.read { _ in 1 } == nil)
        await #expect(throws: (any Error).self) { _ = try await test.store.paCase(id: "nothing") }
    }

    /// `body`'s result, run on a thread of its own rather than one of Swift concurrency's.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs `body` while `connections` inline connections are taken on this thread; `nil` when
    /// one could not be taken.
    static func holding<T>(_ inline: InlineReaders, connections: Int, _ body: () throws -> T) throws -> T? {
        guard connections > 0 else { return try body() }
        return try inline.read { _ in try holding(inline, connections: connections - 1, body) } ?? nil
    }
}
