/// Runs `operation` and cancels it when `limit` passes first, throwing ``FetchTimeoutExceeded``.
/// AsyncHTTPClient's request deadline ends once the response head arrives, so a body that
/// trickles in — or several searchset pages — needs a limit of its own to stay inside the
/// hook's time budget.
func withFetchTimeout<Value: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw FetchTimeoutExceeded(limit: limit) }
        return value
    }
}

struct FetchTimeoutExceeded: Error {
    var limit: Duration
}
