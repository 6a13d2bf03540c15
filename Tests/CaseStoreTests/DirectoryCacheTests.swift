import Foundation
import Synchronization
import Testing

@testable import CaseStore

/// Payers, plans and clients served from memory: this process's writes are seen at once,
/// another process's once the store's watcher notices them, and a client registered elsewhere
/// is found on its first use.
@Suite struct DirectoryCacheTests {
    /// Counts the loads a ``CachedValue`` makes.
    final class Loads: Sendable {
        let count = Mutex(0)
        func load() -> Int { count.withLock { $0 += 1; return $0 } }
    }

    @Test func aFreshValueIsNotLoadedAgainUntilInvalidated() async throws {
        let cache = CachedValue<Int>(freshness: .seconds(600))
        let loads = Loads()
        #expect(try await cache.value { loads.load() } == 1)
        #expect(try await cache.value { loads.load() } == 1)
        cache.invalidate()
        #expect(try await cache.value { loads.load() } == 2)
    }

    @Test func aStaleValueIsLoadedAgain() async throws {
        let cache = CachedValue<Int>(freshness: .zero)
        let loads = Loads()
        #expect(try await cache.value { loads.load() } == 1)
        #expect(try await cache.value { loads.load() } == 2)
    }

    /// A load that an invalidation overtook may have read the old rows; it is not kept.
    @Test func aLoadOvertakenByAnInvalidationIsNotKept() async throws {
        let cache = CachedValue<Int>(freshness: .seconds(600))
        let loads = Loads()
        #expect(try await cache.value { cache.invalidate(); return loads.load() } == 1)
        #expect(try await cache.value { loads.load() } == 2)
    }

    @Test func aFailedLoadKeepsNothing() async throws {
        struct Failure: Error {}
        let cache = CachedValue<Int>(freshness: .seconds(600))
        await #expect(throws: Failure.self) { try await cache.value { throw Failure() } }
        #expect(try await cache.value { 7 } == 7)
    }

    @Test func thisStoresWritesAreSeenAtOnce() async throws {
        let t = try TestStore(settings: CaseStoreSettings(directoryCacheSeconds: 600))
        defer { t.removeFiles() }
        #expect(try await t.store.payers().isEmpty)
        try await t.store.upsertPayer(Fixtures.payer)
        #expect(try await t.store.payers() == [Fixtures.payer])
        #expect(try await t.store.plan(id: Fixtures.plan.id) == nil)
        try await t.store.upsertPlan(Fixtures.plan)
        #expect(try await t.store.plan(id: Fixtures.plan.id) == Fixtures.plan)
        #expect(try await t.store.plans() == [Fixtures.plan])

        let client = SecurityStoreTests.client()
        try await t.store.registerClient(client)
        #expect(try await t.store.client(id: client.id)?.status == .active)
        var disabled = client
        disabled.status = .disabled
        try await t.store.upsertClient(disabled)
        #expect(try await t.store.client(id: client.id)?.status == .disabled)
        try await t.store.removeClient(id: client.id)
        #expect(try await t.store.client(id: client.id) == nil)
    }

    /// Another process writing the same file: a new client is found at once (a miss is read
    /// from the file); a change to a cached client shows once the store notices the foreign
    /// commit (within `directoryCacheSeconds`, here 0.2 s).
    @Test func anotherProcesssWritesAreSeen() async throws {
        let t = try TestStore(settings: CaseStoreSettings(directoryCacheSeconds: 0.2))
        defer { t.removeFiles() }
        let other = try t.reopen()
        defer { try? other.close() }
        #expect(try await t.store.client(id: "demo-clinic") == nil)

        let client = SecurityStoreTests.client()
        try await other.registerClient(client)
        #expect(try await t.store.client(id: client.id) == client)

        var disabled = client
        disabled.status = .disabled
        try await other.upsertClient(disabled)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await t.store.client(id: client.id)?.status == .disabled)

        try await other.upsertPayer(Fixtures.payer)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await t.store.payers() == [Fixtures.payer])
    }
}
