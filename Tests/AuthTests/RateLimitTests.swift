import CaseStore
import Foundation
import Auth
import Testing

@Suite struct AuthRateLimiterTests {
    let time = ManualTimeSource(Date(timeIntervalSince1970: 1_767_225_600))

    @Test("a burst of requestsPerMinute is allowed, then one request per refill interval")
    func tokenBucket() async {
        let limiter = AuthRateLimiter(timeSource: time, policy: .init(requestsPerMinute: 6))
        for _ in 0..<6 { #expect(await limiter.check(["client:a"]) == .allowed) }
        #expect(await limiter.check(["client:a"]) == .limited(retryAfter: 10))
        time.advance(by: 4)
        #expect(await limiter.check(["client:a"]) == .limited(retryAfter: 6))
        time.advance(by: 6)
        #expect(await limiter.check(["client:a"]) == .allowed)
        #expect(await limiter.check(["client:a"]) == .limited(retryAfter: 10))
        // Other keys have their own buckets.
        #expect(await limiter.check(["client:b"]) == .allowed)
    }

    @Test("limited if any key is; nothing consumed when limited")
    func anyKeyLimits() async {
        let limiter = AuthRateLimiter(timeSource: time, policy: .init(requestsPerMinute: 2))
        #expect(await limiter.check(["address:1"]) == .allowed)
        #expect(await limiter.check(["address:1"]) == .allowed)
        #expect(await limiter.check(["address:1", "client:a"]) == .limited(retryAfter: 30))
        // client:a lost nothing to the refused request.
        #expect(await limiter.check(["client:a"]) == .allowed)
        #expect(await limiter.check(["client:a"]) == .allowed)
        #expect(await limiter.check(["client:a"]) == .limited(retryAfter: 30))
    }

    @Test("too many failures lock the key out for the lockout period")
    func lockout() async {
        let limiter = AuthRateLimiter(timeSource: time, policy: .init(failuresBeforeLockout: 3, failureWindow: 60, lockout: 120))
        await limiter.recordFailure(["client:a", "address:1"])
        await limiter.recordFailure(["client:a"])
        #expect(await limiter.check(["client:a"]) == .allowed)
        await limiter.recordFailure(["client:a"])
        #expect(await limiter.check(["client:a"]) == .limited(retryAfter: 120))
        #expect(await limiter.check(["address:1"]) == .allowed)
        // The most restrictive wait wins.
        #expect(await limiter.check(["address:1", "client:a"]) == .limited(retryAfter: 120))
        time.advance(by: 119.5)
        #expect(await limiter.check(["client:a"]) == .limited(retryAfter: 1))
        time.advance(by: 0.5)
        #expect(await limiter.check(["client:a"]) == .allowed)
    }

    @Test("failures outside the window, or before a success, do not count")
    func forgetting() async {
        let limiter = AuthRateLimiter(timeSource: time, policy: .init(failuresBeforeLockout: 3, failureWindow: 60, lockout: 120))
        await limiter.recordFailure(["client:a"])
        await limiter.recordFailure(["client:a"])
        time.advance(by: 61)
        await limiter.recordFailure(["client:a"])
        #expect(await limiter.check(["client:a"]) == .allowed)
        await limiter.recordFailure(["client:a"])
        await limiter.recordSuccess(["client:a"])
        await limiter.recordFailure(["client:a"])
        await limiter.recordFailure(["client:a"])
        #expect(await limiter.check(["client:a"]) == .allowed)
        await limiter.recordFailure(["client:a"])
        #expect(await limiter.check(["client:a"]) == .limited(retryAfter: 120))
    }

    @Test("idle keys are evicted beyond maxTrackedKeys; locked-out keys stay")
    func boundedMemory() async {
        let limiter = AuthRateLimiter(
            timeSource: time, policy: .init(requestsPerMinute: 60, failuresBeforeLockout: 1, lockout: 3600, maxTrackedKeys: 100))
        await limiter.recordFailure(["address:attacker"])
        for index in 0..<100 { _ = await limiter.check(["address:\(index)"]) }
        #expect(await limiter.trackedKeyCount <= 100)
        time.advance(by: 2)  // every bucket has refilled its one token
        for index in 100..<150 { _ = await limiter.check(["address:\(index)"]) }
        #expect(await limiter.trackedKeyCount <= 100)
        #expect(await limiter.check(["address:attacker"]) == .limited(retryAfter: 3598))

        // Even when nothing is idle, the count stays bounded.
        for index in 1000..<1500 { _ = await limiter.check(["address:\(index)"]) }
        #expect(await limiter.trackedKeyCount <= 100)
        #expect(await limiter.check(["address:attacker"]) == .limited(retryAfter: 3598))
    }
}

extension AuthRateLimiterTests {
    @Test("lockout(_:) reports a running lockout without consuming tokens")
    func lockoutQuery() async {
        let limiter = AuthRateLimiter(timeSource: time, policy: .init(requestsPerMinute: 1, failuresBeforeLockout: 2, lockout: 60))
        #expect(limiter.lockout(["address:1"]) == nil)
        await limiter.recordFailure(["address:1"])
        #expect(limiter.lockout(["address:1"]) == nil)
        await limiter.recordFailure(["address:1"])
        #expect(limiter.lockout(["address:1", "client:a"]) == 60)
        time.advance(by: 60)
        #expect(limiter.lockout(["address:1"]) == nil)
        #expect(await limiter.check(["address:1"]) == .allowed)
    }
}
