import Synchronization

/// Members' records as the history read returns them (coverages, member, recent cases with
/// their items, without request Bundles), kept between requests.
///
/// Every hook call and submission reads its member's history first. Under load that read
/// cost more than anything but the rules: each commit by the writer empties every reader's page
/// cache, so its dozen B-tree descents went back to the file each time.
///
/// This process's writes keep entries right at once: the ``CaseChangeTracker`` on the writer
/// connection reports what each commit changed. A member whose only change is a case opened here
/// has that case added to their entry (the store knows it exactly); any other change to their
/// cases drops their entries, and a change to the directory rows behind the lookup (members,
/// coverages, their identifiers) drops them all. A change made by another process writing the
/// same file (the command line beside a running server) drops them all too, once the store's
/// ``ForeignWriteWatcher`` notices it. Entries older than `freshness` are read again in any case.
///
/// A lock rather than an actor, as for ``CachedValue``: the hot path is a lookup that never
/// suspends.
final class MemberHistoryCache: Sendable {
    /// A read's arguments: the identifiers looked up (deduplicated, in order) and how many cases.
    struct Key: Hashable, Sendable {
        var identifiers: [String]
        /// `-1` for every case.
        var caseLimit: Int
    }

    /// What one commit did, as the tracker saw it.
    struct Changes: Sendable {
        /// Member, coverage or identifier rows changed, or a case whose member is unknown:
        /// every entry goes.
        var everything = false
        /// Members whose cases changed in ways other than being opened here.
        var members: Set<String> = []
        /// Members whose only changes are these cases, opened here (as they read back from the
        /// history: without the request Bundle).
        var opened: [String: [CaseDetail]] = [:]

        var isEmpty: Bool { !everything && members.isEmpty && opened.isEmpty }
    }

    private struct Entry {
        var records: MemberRecords
        var members: Set<String>
        /// The change count when the read began (or the entry was last brought up to date).
        var ticket: UInt64
        var storedAt: ContinuousClock.Instant
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        /// The keys whose entries hold a member, to bring them up to date (may name entries
        /// since replaced or evicted; checked on use).
        var keysByMember: [String: Set<Key>] = [:]
        /// Bumped by every change; an entry read before a change to one of its members is stale.
        var changeCount: UInt64 = 0
        var memberChangedAt: [String: UInt64] = [:]
        var everythingChangedAt: UInt64 = 0

        func isCurrent(_ entry: Entry) -> Bool {
            entry.ticket >= everythingChangedAt
                && entry.members.allSatisfy { entry.ticket >= memberChangedAt[$0, default: 0] }
        }
    }

    private let state = Mutex(State())
    let freshness: Duration
    /// Entries kept at most; past it the older half goes.
    let capacity: Int

    init(freshness: Duration, capacity: Int = 16_384) {
        self.freshness = freshness
        self.capacity = max(capacity, 2)
    }

    /// The entry for `key` if no change since its read touched it and it is fresh.
    func records(for key: Key, now: ContinuousClock.Instant = .now) -> MemberRecords? {
        state.withLock { state in
            guard let entry = state.entries[key], now - entry.storedAt < freshness, state.isCurrent(entry) else { return nil }
            return entry.records
        }
    }

    /// Taken before a read: what ``store(_:for:ticket:now:)`` needs to know whether a change
    /// landed while the read ran.
    func ticket() -> UInt64 {
        state.withLock { $0.changeCount }
    }

    /// Keeps what a read that began at `ticket` found, unless one of its members (or the
    /// directory) changed since: that read may have seen the database before the change.
    func store(_ records: MemberRecords, for key: Key, ticket: UInt64, now: ContinuousClock.Instant = .now) {
        guard freshness > .zero else { return }
        let members = Set(records.members.keys).union(records.coverages.map(\.memberID))
        let entry = Entry(records: records, members: members, ticket: ticket, storedAt: now)
        state.withLock { state in
            guard state.isCurrent(entry) else { return }
            if state.entries.count >= capacity, state.entries[key] == nil { Self.evictOlderHalf(&state) }
            state.entries[key] = entry
            for member in members { state.keysByMember[member, default: []].insert(key) }
        }
    }

    /// A commit's changes: opened cases join their members' current entries, other changes
    /// make entries stale.
    func apply(_ changes: Changes) {
        guard !changes.isEmpty else { return }
        state.withLock { state in
            // Which entries can take the opened cases: those current before this commit whose
            // other members this commit leaves alone.
            var updated: [Key: Entry] = [:]
            if !changes.everything {
                for (member, opened) in changes.opened {
                    for key in state.keysByMember[member] ?? [] {
                        guard var entry = updated[key] ?? state.entries[key], entry.records.members[member] != nil,
                            updated[key] != nil || state.isCurrent(entry),
                            entry.members.isDisjoint(with: changes.members)
                        else { continue }
                        entry.records.cases[member] = Self.merging(opened, into: entry.records.cases[member] ?? [], limit: key.caseLimit)
                        updated[key] = entry
                    }
                }
            }
            state.changeCount += 1
            let stamp = state.changeCount
            if changes.everything {
                state.everythingChangedAt = stamp
            }
            for member in changes.members.union(changes.opened.keys) { state.memberChangedAt[member] = stamp }
            for (key, var entry) in updated {
                entry.ticket = stamp
                state.entries[key] = entry
            }
            // The change marks outlive the entries they concern; past a bound, one mark for
            // everything replaces them.
            if state.memberChangedAt.count > 4 * capacity {
                state.everythingChangedAt = stamp
                state.memberChangedAt = [:]
                state.entries = [:]
                state.keysByMember = [:]
            }
        }
    }

    /// A member's cases with `opened` added, newest first as the read orders them
    /// (`received_at DESC, id DESC`), cut at `limit` (`-1`: no limit).
    static func merging(_ opened: [CaseDetail], into cases: [CaseDetail], limit: Int) -> [CaseDetail] {
        let known = Set(cases.map(\.paCase.id))
        var merged = cases + opened.filter { !known.contains($0.paCase.id) }
        merged.sort { ($0.paCase.receivedAt, $0.paCase.id) > ($1.paCase.receivedAt, $1.paCase.id) }
        if limit >= 0, merged.count > limit { merged.removeLast(merged.count - limit) }
        return merged
    }

    private static func evictOlderHalf(_ state: inout State) {
        let byAge = state.entries.sorted { $0.value.storedAt < $1.value.storedAt }
        for (key, _) in byAge.prefix(byAge.count / 2) { state.entries[key] = nil }
        state.keysByMember = [:]
        for (key, entry) in state.entries {
            for member in entry.members { state.keysByMember[member, default: []].insert(key) }
        }
    }
}
