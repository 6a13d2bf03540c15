import CaseStore
import Synchronization

/// The history entries of each case, kept between reads. A member's history is read on every
/// submission and hook call, and most of their cases have not changed since the last read:
/// for a member with a hundred cases, building the entries anew was a quarter of a
/// submission's CPU (perf, `greenlight-bench pas --members 100`).
///
/// A memo of a pure function: a case's entries depend only on its items and its authorization
/// number, and both are compared in full before kept entries are used, so they are never stale,
/// whichever store the case came from. (Comparing is cheap: the history cache hands out the
/// same strings each time, and equal storage compares at once.)
final class PriorAuthorizationEntryMemo: Sendable {
    private struct Kept {
        let items: [CaseItem]
        let authorizationNumber: String?
        let entries: [PriorAuthorizationHistory.Entry]
    }

    private let kept = Mutex<[String: Kept]>([:])
    /// Cases kept at most (about a kilobyte each); past it the memo starts over.
    let capacity: Int

    /// The process's memo, used by ``PriorAuthorizationHistory/init(cases:)``.
    static let shared = PriorAuthorizationEntryMemo(capacity: 20_000)

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The entries of `cases`, in order: kept ones where the case is unchanged, the others
    /// made by `build` (outside the lock) and kept.
    func entries(
        of cases: [CaseDetail], building build: (CaseDetail) -> [PriorAuthorizationHistory.Entry]
    ) -> [PriorAuthorizationHistory.Entry] {
        let found: [[PriorAuthorizationHistory.Entry]?] = kept.withLock { kept in
            cases.map { detail in
                guard let entry = kept[detail.paCase.id], entry.authorizationNumber == detail.paCase.authorizationNumber,
                    entry.items == detail.items
                else { return nil }
                return entry.entries
            }
        }
        var entries: [PriorAuthorizationHistory.Entry] = []
        entries.reserveCapacity(cases.reduce(0) { $0 + $1.items.count })
        var built: [(id: String, kept: Kept)] = []
        for (detail, known) in zip(cases, found) {
            if let known {
                entries.append(contentsOf: known)
            } else {
                let made = build(detail)
                entries.append(contentsOf: made)
                built.append((detail.paCase.id, Kept(
                    items: detail.items, authorizationNumber: detail.paCase.authorizationNumber, entries: made)))
            }
        }
        if !built.isEmpty {
            kept.withLock { kept in
                if kept.count + built.count > capacity { kept.removeAll(keepingCapacity: true) }
                for (id, entry) in built.prefix(capacity) { kept[id] = entry }
            }
        }
        return entries
    }

    /// Cases kept now (for tests).
    var count: Int { kept.withLock { $0.count } }
}
