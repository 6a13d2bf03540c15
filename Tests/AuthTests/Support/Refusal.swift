import Auth

/// The reason `body` was refused, or nil when it was accepted.
func refusal<T>(_ body: () async throws(AuthenticationError) -> T) async -> String? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error.reason
    }
}
