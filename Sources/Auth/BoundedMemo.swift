import Synchronization

/// Values worth keeping between requests (a verifier built from a key, a token whose signature
/// was checked), by a text key, shared across tasks. Few distinct keys are expected: when the
/// memo is full it starts over rather than track use.
final class BoundedMemo<Value: Sendable>: Sendable {
    private let values = Mutex<[String: Value]>([:])
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    func value(for key: String) -> Value? {
        values.withLock { $0[key] }
    }

    func keep(_ value: Value, for key: String) {
        values.withLock { values in
            if values.count >= capacity { values.removeAll() }
            values[key] = value
        }
    }
}
