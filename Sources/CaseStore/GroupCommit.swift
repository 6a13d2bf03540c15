import Foundation
internal import GRDB

/// Group commit: small writes that arrive while the writer is busy share the next transaction,
/// and so one commit. With `synchronous=FULL` (``CaseStoreSettings/Durability/full``) the
/// fsync, not the SQL, is what a write costs, so under load a batch of N writes costs about
/// what one did; without it, batching still saves the per-transaction work.
///
/// Each write runs in its own savepoint inside the shared transaction: one that fails (a
/// constraint) is rolled back alone and gets its error; the others commit. A caller hears back
/// only after the transaction that holds its write has committed, so "answered" still means
/// "on disk".
actor GroupCommit {
    private struct Job {
        let work: @Sendable (Database) throws -> any Sendable
        let continuation: CheckedContinuation<any Sendable, any Error>
    }

    private let writer: any DatabaseWriter
    private var pending: [Job] = []
    private var draining = false
    /// Most writes one transaction takes, so one huge backlog does not make a huge transaction.
    private let maximumBatch = 64

    /// Called on the writer when a request's savepoint was rolled back inside a group.
    private let rolledBack: @Sendable () -> Void

    init(writer: any DatabaseWriter, rolledBack: @escaping @Sendable () -> Void = {}) {
        self.writer = writer
        self.rolledBack = rolledBack
    }

    func write<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let result = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<any Sendable, any Error>) in
            pending.append(Job(work: { try work($0) }, continuation: continuation))
            if !draining {
                draining = true
                Task { await self.drain() }
            }
        }
        guard let typed = result as? T else {
            throw CaseStoreError(.storageFailure, "a grouped write returned an unexpected value")
        }
        return typed
    }

    private func drain() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maximumBatch))
            pending.removeFirst(batch.count)
            await commit(batch)
        }
        draining = false
    }

    private func commit(_ batch: [Job]) async {
        let works = batch.map(\.work)
        let rolledBack = self.rolledBack
        let outcomes: [Result<any Sendable, any Error>]
        do {
            if let only = works.first, works.count == 1 {
                // Alone in its transaction, a write needs no savepoint: failing rolls back the
                // transaction, which held nothing else (the catch below answers it).
                let value = try await writer.write { db in try only(db) }
                outcomes = [.success(value)]
            } else {
                outcomes = try await writer.write { db in
                    works.map { work in
                        var outcome: Result<any Sendable, any Error> = .failure(CancellationError())
                        do {
                            try db.inSavepoint {
                                outcome = .success(try work(db))
                                return .commit
                            }
                        } catch {
                            outcome = .failure(error)
                            rolledBack()
                        }
                        return outcome
                    }
                }
            }
        } catch {
            for job in batch { job.continuation.resume(throwing: error) }
            return
        }
        for (job, outcome) in zip(batch, outcomes) { job.continuation.resume(with: outcome) }
    }
}
