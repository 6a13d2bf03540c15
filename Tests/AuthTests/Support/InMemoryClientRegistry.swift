import CaseStore

/// A ``ClientRegistry`` in memory, so Security tests do not depend on SQLite.
actor InMemoryClientRegistry: ClientRegistry {
    private var byID: [String: RegisteredClient] = [:]
    private(set) var lookups = 0

    init(_ clients: [RegisteredClient] = []) {
        for client in clients { byID[client.id] = client }
    }

    func registerClient(_ client: RegisteredClient) async throws {
        guard byID[client.id] == nil else { throw DuplicateClient(id: client.id) }
        byID[client.id] = client
    }

    func upsertClient(_ client: RegisteredClient) async throws { byID[client.id] = client }

    func client(id: String) async throws -> RegisteredClient? {
        lookups += 1
        return byID[id]
    }

    func clients() async throws -> [RegisteredClient] { byID.values.sorted { $0.id < $1.id } }

    @discardableResult
    func removeClient(id: String) async throws -> Bool { byID.removeValue(forKey: id) != nil }

    struct DuplicateClient: Error { var id: String }
}
