internal import GRDB
import Synchronization

/// Tells the ``MemberHistoryCache`` what each commit of the store's writer changed.
///
/// Temporary triggers on the writer connection report every row written to the tables the
/// history read reads, whatever code wrote it (a future write path cannot forget to): cases and
/// items by member, and the directory rows (members, coverages, their identifiers). Opening a
/// case also hands over the case itself (``opened(_:)``), so that a member whose only change is a
/// newly opened case keeps their entry, with that case added. At commit the whole is given to the
/// cache; a rollback gives nothing, as nothing changed.
///
/// A grouped write runs each request in a savepoint. One rolled back there may have handed over
/// a case its rollback undid, so ``discardOpened()`` makes the commit count every change as a
/// plain one.
final class CaseChangeTracker: TransactionObserver, Sendable {
    private struct Pending {
        /// Per member: whether every row written for them was an insert, and of which cases.
        var members: [String: (insertsOnly: Bool, cases: Set<String>)] = [:]
        var everything = false
        /// Cases opened in this transaction, by id.
        var opened: [String: CaseDetail] = [:]
        var openedTrusted = true
    }

    private let pending = Mutex(Pending())
    let cache: MemberHistoryCache

    init(cache: MemberHistoryCache) {
        self.cache = cache
    }

    /// Adds the function and the temporary triggers to the writer connection `db` (after the
    /// migrations: the triggers name the tables), and starts observing its transactions.
    func install(on db: Database) throws {
        db.add(function: DatabaseFunction(Self.caseFunction, argumentCount: 3, pure: false) { [weak self] values in
            self?.caseChanged(member: String.fromDatabaseValue(values[0]), case: String.fromDatabaseValue(values[1]),
                inserted: Int.fromDatabaseValue(values[2]) == 1)
            return nil
        })
        db.add(function: DatabaseFunction(Self.directoryFunction, argumentCount: 0, pure: false) { [weak self] _ in
            self?.pending.withLock { $0.everything = true }
            return nil
        })
        try db.execute(sql: Self.triggers)
        db.add(transactionObserver: self, extent: .databaseLifetime)
    }

    /// The case `detail` was inserted in the current transaction (its rows are written).
    func opened(_ detail: CaseDetail) {
        var detail = detail
        // As the history reads it back.
        detail.paCase.requestJSON = ""
        pending.withLock { $0.opened[detail.paCase.id] = detail }
    }

    /// A savepoint was rolled back in the current transaction: the cases handed over may be
    /// gone, so none of them is added at commit.
    func discardOpened() {
        pending.withLock { $0.openedTrusted = false }
    }

    private func caseChanged(member: String?, case caseID: String?, inserted: Bool) {
        pending.withLock { pending in
            guard let member, let caseID else {
                // An item of no known case: who it concerns is unknown.
                pending.everything = true
                return
            }
            var touched = pending.members[member] ?? (insertsOnly: true, cases: [])
            touched.insertsOnly = touched.insertsOnly && inserted
            touched.cases.insert(caseID)
            pending.members[member] = touched
        }
    }

    /// What the transaction did, for the cache; clears the record.
    func takeChanges() -> MemberHistoryCache.Changes {
        pending.withLock { pending in
            defer { pending = Pending() }
            var changes = MemberHistoryCache.Changes(everything: pending.everything)
            for (member, touched) in pending.members {
                let opened = touched.cases.compactMap { pending.opened[$0] }
                if pending.openedTrusted, touched.insertsOnly, opened.count == touched.cases.count,
                    opened.allSatisfy({ $0.paCase.memberID == member })
                {
                    changes.opened[member] = opened
                } else {
                    changes.members.insert(member)
                }
            }
            return changes
        }
    }

    // MARK: TransactionObserver

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}

    func databaseDidCommit(_ db: Database) {
        cache.apply(takeChanges())
    }

    func databaseDidRollback(_ db: Database) {
        pending.withLock { $0 = Pending() }
    }

    // MARK: SQL

    static let caseFunction = "greenlight_case_changed"
    static let directoryFunction = "greenlight_directory_changed"

    /// `greenlight_case_changed(member, case, inserted)` for every case and item row written;
    /// `greenlight_directory_changed()` for the rows that find a member.
    static let triggers: String = {
        var sql = """
            CREATE TEMP TRIGGER IF NOT EXISTS greenlight_case_inserted AFTER INSERT ON main.pa_case BEGIN
                SELECT \(caseFunction)(NEW.member_id, NEW.id, 1);
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS greenlight_case_updated AFTER UPDATE ON main.pa_case BEGIN
                SELECT \(caseFunction)(OLD.member_id, OLD.id, 0);
                SELECT \(caseFunction)(NEW.member_id, NEW.id, 0);
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS greenlight_case_deleted AFTER DELETE ON main.pa_case BEGIN
                SELECT \(caseFunction)(OLD.member_id, OLD.id, 0);
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS greenlight_item_inserted AFTER INSERT ON main.case_item BEGIN
                SELECT \(caseFunction)((SELECT member_id FROM main.pa_case WHERE id = NEW.case_id), NEW.case_id, 1);
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS greenlight_item_updated AFTER UPDATE ON main.case_item BEGIN
                SELECT \(caseFunction)((SELECT member_id FROM main.pa_case WHERE id = OLD.case_id), OLD.case_id, 0);
                SELECT \(caseFunction)((SELECT member_id FROM main.pa_case WHERE id = NEW.case_id), NEW.case_id, 0);
            END;
            CREATE TEMP TRIGGER IF NOT EXISTS greenlight_item_deleted AFTER DELETE ON main.case_item BEGIN
                SELECT \(caseFunction)((SELECT member_id FROM main.pa_case WHERE id = OLD.case_id), OLD.case_id, 0);
            END;

            """
        for table in ["member", "coverage", "coverage_identifier"] {
            for event in ["INSERT", "UPDATE", "DELETE"] {
                sql += """
                    CREATE TEMP TRIGGER IF NOT EXISTS greenlight_\(table)_\(event.lowercased()) AFTER \(event) ON main.\(table) BEGIN
                        SELECT \(directoryFunction)();
                    END;

                    """
            }
        }
        return sql
    }()
}
