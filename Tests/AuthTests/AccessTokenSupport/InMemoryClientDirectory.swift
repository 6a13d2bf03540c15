import CaseStore
import Foundation

/// A ``ClientRegistry`` in memory, for the access-token tests.
actor InMemoryClientDirectory: ClientRegistry {
    private var clientsByID: [String: RegisteredClient] = [:]

    init(_ clients: [RegisteredClient] = []) {
        for client in clients { clientsByID[client.id] = client }
    }

    func registerClient(_ client: RegisteredClient) throws {
        guard clientsByID[client.id] == nil else {
            throw CaseStoreError(.duplicateClient, "client \(client.id) is already registered")
        }
        clientsByID[client.id] = client
    }

    func upsertClient(_ client: RegisteredClient) {
        clientsByID[client.id] = client
    }

    func client(id: String) -> RegisteredClient? {
        clientsByID[id]
    }

    func clients() -> [RegisteredClient] {
        clientsByID.values.sorted { $0.id < $1.id }
    }

    @discardableResult
    func removeClient(id: String) -> Bool {
        clientsByID.removeValue(forKey: id) != nil
    }
}
