import Foundation
import Synchronization

/// When the delivery worker last POSTed to each subscription, so it knows which are owed a
/// heartbeat. In memory: after a restart every subscription simply waits one period again.
final class SubscriptionContacts: Sendable {
    private let last = Mutex<[String: Date]>([:])

    func touch(_ subscriptionID: String, at moment: Date) {
        last.withLock { $0[subscriptionID] = moment }
    }

    /// When the subscription was last contacted; the first time it is asked about, `moment`
    /// (the worker has not talked to it since starting, so it starts counting now).
    func lastContact(_ subscriptionID: String, defaultingTo moment: Date) -> Date {
        last.withLock { last in
            if let known = last[subscriptionID] { return known }
            last[subscriptionID] = moment
            return moment
        }
    }
}
