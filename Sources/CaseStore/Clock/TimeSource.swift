import Foundation
import Synchronization

/// Where the case store gets "now".
///
/// Every timestamp the store writes (receipt, decision, extension, sweep) comes from here and
/// never from `Date()` directly, so tests can put a request on either side of a deadline or a
/// daylight-saving change and move time forward with ``ManualTimeSource``.
public protocol TimeSource: Sendable {
    func now() -> Date
}

/// The real wall clock.
public struct SystemTimeSource: TimeSource {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that only moves when told to, for tests and demos.
public final class ManualTimeSource: TimeSource {
    private let current: Mutex<Date>

    public init(_ start: Date) {
        current = Mutex(start)
    }

    public func now() -> Date {
        current.withLock { $0 }
    }

    /// Jumps to `date` (backwards too: tests may need to).
    public func set(_ date: Date) {
        current.withLock { $0 = date }
    }

    /// Moves the clock forward by `interval` seconds.
    public func advance(by interval: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(interval) }
    }
}
