import Foundation

extension AuthRateLimiter {
    /// How much a single key (a client id, a remote address) may ask and fail.
    public struct Policy: Sendable, Hashable {
        /// Sustained rate; also the burst, so a quiet client may send this many at once.
        public var requestsPerMinute: Int
        /// Failures within ``failureWindow`` that lock the key out.
        public var failuresBeforeLockout: Int
        public var failureWindow: TimeInterval
        /// How long a locked-out key is refused, whatever it sends.
        public var lockout: TimeInterval
        /// Above this many tracked keys, idle ones are forgotten, so memory stays bounded even
        /// when requests come from very many addresses.
        public var maxTrackedKeys: Int

        public init(
            requestsPerMinute: Int = 60,
            failuresBeforeLockout: Int = 10,
            failureWindow: TimeInterval = 300,
            lockout: TimeInterval = 300,
            maxTrackedKeys: Int = 10_000
        ) {
            self.requestsPerMinute = max(1, requestsPerMinute)
            self.failuresBeforeLockout = max(1, failuresBeforeLockout)
            self.failureWindow = failureWindow
            self.lockout = lockout
            self.maxTrackedKeys = max(1, maxTrackedKeys)
        }
    }

    /// The answer to ``check(_:)``.
    public enum Decision: Sendable, Hashable {
        case allowed
        /// Refused; the caller should answer 429 with `Retry-After` of this many seconds (≥ 1).
        case limited(retryAfter: Int)
    }
}
