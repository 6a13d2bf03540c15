internal import GRDB

/// The schema, as a list of migrations GRDB applies in order and records in `grdb_migrations`.
///
/// A migration that has shipped never changes (databases in the field already ran it): change
/// the schema by appending a new one. That is also why the CHECK lists below spell their values
/// out instead of reading them from the Swift enums. (v8 rewrites those lists as comparisons;
/// see ``CheckValueLists``. New CHECKs write comparisons, `(x = 'a' OR x = 'b' OR x = 'c')`.)
///
/// Rules the database enforces itself, so that no code path (a script, a future PostgreSQL
/// port's sibling, a bug) can break them:
/// - a denial (A3), partial (A2) or modification (A6) has a coded reason and a sentence;
/// - a case's receipt and due times never change, and it has at most one extension of 1…14 days;
/// - `case_event` is append-only.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-directory") { db in try createDirectory(db) }
        migrator.registerMigration("v1-cases") { db in try createCases(db) }
        migrator.registerMigration("v1-events") { db in try createEvents(db) }
        migrator.registerMigration("v1-outbox") { db in try createOutbox(db) }
        migrator.registerMigration("v2-security") { db in try createSecurity(db) }
        migrator.registerMigration("v3-crd") { db in try createCoverageRequirements(db) }
        migrator.registerMigration("v4-case-versions") { db in try createCaseVersions(db) }
        migrator.registerMigration("v5-subscriptions") { db in try createSubscriptions(db) }
        migrator.registerMigration("v6-questionnaire-responses") { db in try createQuestionnaireResponses(db) }
        migrator.registerMigration("v7-subscription-event-numbers") { db in try numberSubscriptionEvents(db) }
        migrator.registerMigration("v8-check-value-lists") { db in try CheckValueLists.rewrite(db) }
        migrator.registerMigration("v9-member-history-index") { db in try indexMemberHistory(db) }
        return migrator
    }

    /// A member's cases newest first (the history every hook call and submission reads) come
    /// straight from this index. With `member_id` alone, SQLite found the member's cases and
    /// then sorted them in a temporary B-tree on each read. It also serves every lookup the
    /// index it replaces served.
    private static func indexMemberHistory(_ db: Database) throws {
        try db.execute(sql: """
            CREATE INDEX pa_case_by_member_newest ON pa_case (member_id, received_at DESC, id DESC);
            DROP INDEX pa_case_on_member_id;
            """)
    }

    /// Payers, plans, providers, members and coverages.
    private static func createDirectory(_ db: Database) throws {
        try db.create(table: "payer") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull()
            t.column("identifier_system", .text)
            t.column("identifier_value", .text)
        }
        try db.create(table: "plan") { t in
            t.primaryKey("id", .text)
            t.column("payer_id", .text).notNull().indexed().references("payer")
            t.column("name", .text).notNull()
            t.column("line_of_business", .text).notNull()
                .check(sql: "line_of_business IN ('medicare-advantage', 'medicaid', 'chip', 'exchange', 'commercial')")
        }
        try db.create(table: "provider") { t in
            t.primaryKey("npi", .text)
            t.column("name", .text).notNull()
            t.column("kind", .text).notNull().check(sql: "kind IN ('practitioner', 'organization')")
            t.column("taxonomy", .text)
            t.column("specialty", .text)
        }
        try db.create(table: "member") { t in
            t.primaryKey("id", .text)
            t.column("payer_id", .text).notNull().indexed().references("payer")
            t.column("given_name", .text)
            t.column("family_name", .text)
            t.column("birth_date", .text)
            t.column("gender", .text)
            t.column("patient_json", .text).notNull()
        }
        try db.create(table: "coverage") { t in
            t.primaryKey("id", .text)
            t.column("member_id", .text).notNull().indexed().references("member")
            t.column("payer_id", .text).notNull().references("payer")
            t.column("plan_id", .text).references("plan")
            t.column("subscriber_id", .text)
            t.column("relationship", .text)
            t.column("status", .text).notNull()
            t.column("period_start", .text)
            t.column("period_end", .text)
            t.column("coverage_json", .text).notNull()
        }
    }

    /// Cases and their items.
    ///
    /// Cases do not reference the directory by foreign key: a case keeps what the request said,
    /// even if the member or provider is later changed or was never in the directory.
    private static func createCases(_ db: Database) throws {
        try db.create(table: "pa_case") { t in
            t.primaryKey("id", .text)
            t.column("submitter", .text).notNull()
            t.column("request_identifier_system", .text).notNull().defaults(to: "")
            t.column("request_identifier_value", .text).notNull()
            t.column("member_id", .text).notNull().indexed()
            t.column("provider_npi", .text)
            t.column("insurer_id", .text)
            t.column("urgency", .text).notNull().check(sql: "urgency IN ('expedited', 'standard')")
            t.column("received_at", .datetime).notNull()
            t.column("due_at", .datetime).notNull()
            t.column("extension_due_at", .datetime)
            t.column("extension_days", .integer)
            t.column("extension_reason", .text)
            t.column("extension_by", .text)
            t.column("extension_at", .datetime)
            t.column("status", .text).notNull()
                .check(sql: "status IN ('received', 'pended', 'approved', 'partially-approved', 'denied', 'cancelled')")
            t.column("authorization_number", .text)
            t.column("coverage_assertion_id", .text).indexed()
            t.column("decided_at", .datetime)
            t.column("on_time", .boolean)
            t.column("escalation", .text).notNull().defaults(to: "none")
                .check(sql: "escalation IN ('none', 'near', 'overdue')")
            t.column("request_json", .text).notNull()
            // An extension is all or nothing: 1…14 days later, with a reason, a who and a when.
            t.check(
                sql: """
                    (extension_due_at IS NULL AND extension_days IS NULL AND extension_reason IS NULL
                        AND extension_by IS NULL AND extension_at IS NULL)
                    OR (extension_due_at > due_at AND extension_days BETWEEN 1 AND 14
                        AND length(trim(extension_reason, ' ' || char(9) || char(10) || char(13))) > 0
                        AND extension_by IS NOT NULL AND extension_at IS NOT NULL)
                    """
            )
        }
        // One case per request: the same identifier from the same submitter is the same request.
        try db.create(
            index: "pa_case_on_request",
            on: "pa_case",
            columns: ["submitter", "request_identifier_system", "request_identifier_value"],
            unique: true
        )
        try db.execute(
            sql: """
                CREATE TRIGGER pa_case_clock_is_fixed
                BEFORE UPDATE OF received_at, due_at ON pa_case
                WHEN NEW.received_at IS NOT OLD.received_at OR NEW.due_at IS NOT OLD.due_at
                BEGIN
                    SELECT RAISE(ABORT, 'pa_case receipt and due times never change; record an extension instead');
                END;

                CREATE TRIGGER pa_case_one_extension
                BEFORE UPDATE OF extension_due_at, extension_days, extension_reason, extension_by, extension_at
                ON pa_case
                WHEN OLD.extension_due_at IS NOT NULL
                BEGIN
                    SELECT RAISE(ABORT, 'a case has at most one extension');
                END;
                """
        )

        try db.create(table: "case_item") { t in
            t.column("case_id", .text).notNull().references("pa_case")
            t.column("sequence", .integer).notNull().check(sql: "sequence > 0")
            t.primaryKey(["case_id", "sequence"])
            t.column("service_system", .text).notNull()
            t.column("service_code", .text).notNull()
            t.column("quantity_value", .text)
            t.column("quantity_unit", .text)
            t.column("service_start", .text)
            t.column("service_end", .text)
            t.column("status", .text).notNull()
                .check(
                    sql: """
                        status IN ('received', 'approved', 'partially-approved', 'denied', 'pended', 'modified',
                            'cancelled', 'contact-payer', 'no-action-required')
                        """
                )
            t.column("review_action", .text)
                .check(sql: "review_action IN ('A1', 'A2', 'A3', 'A4', 'A6', 'C', 'CT', 'NA')")
            t.column("reason_codes", .text).notNull().defaults(to: "[]")
                .check(sql: "json_valid(reason_codes) AND json_type(reason_codes) = 'array'")
            t.column("note", .text)
            t.column("authorized_quantity_value", .text)
            t.column("authorized_quantity_unit", .text)
            t.column("authorized_start", .text)
            t.column("authorized_end", .text)
            t.column("decided_at", .datetime)
            t.column("decided_by", .text)
            t.column("on_time", .boolean)
            // CMS-0057-F: every denial, and the denied part of a partial or modified approval,
            // has a specific coded reason and a sentence a person can read.
            t.check(
                sql: """
                    review_action IS NULL OR review_action NOT IN ('A2', 'A3', 'A6')
                    OR (json_array_length(reason_codes) > 0
                        AND length(trim(coalesce(note, ''), ' ' || char(9) || char(10) || char(13))) > 0)
                    """
            )
        }
    }

    /// The append-only audit trail.
    private static func createEvents(_ db: Database) throws {
        try db.create(table: "case_event") { t in
            t.autoIncrementedPrimaryKey("id")  // AUTOINCREMENT: ids are never reused
            t.column("case_id", .text).notNull().indexed().references("pa_case")
            t.column("at", .datetime).notNull()
            t.column("actor", .text).notNull()
            t.column("kind", .text).notNull()
            t.column("item_sequence", .integer)
            t.column("before_json", .text)
            t.column("after_json", .text)
        }
        try db.execute(
            sql: """
                CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
                BEGIN
                    SELECT RAISE(ABORT, 'case_event is append-only');
                END;

                CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
                BEGIN
                    SELECT RAISE(ABORT, 'case_event is append-only');
                END;
                """
        )
    }

    /// Claim Updates (PAS "Updating Authorization Requests"): the versions of a request and the
    /// Claim identifiers by which an update names the Claim it replaces.
    ///
    /// `pa_case.request_json` holds the current version. The first update copies the original
    /// in as version 1, so once a request has changed every version is here; a request that
    /// never changes costs nothing extra at intake.
    private static func createCaseVersions(_ db: Database) throws {
        try db.create(table: "case_request") { t in
            t.column("case_id", .text).notNull().references("pa_case")
            t.column("version", .integer).notNull().check(sql: "version > 0")
            t.primaryKey(["case_id", "version"])
            t.column("submitter", .text).notNull()
            t.column("request_identifier_system", .text).notNull().defaults(to: "")
            t.column("request_identifier_value", .text).notNull()
            t.column("kind", .text).notNull().check(sql: "kind IN ('initial', 'update', 'cancel')")
            t.column("received_at", .datetime).notNull()
            t.column("request_json", .text).notNull()
        }
        // The same update sent twice is the same update: answered, never applied twice.
        try db.create(
            index: "case_request_on_request",
            on: "case_request",
            columns: ["submitter", "request_identifier_system", "request_identifier_value"],
            unique: true
        )
        try db.execute(
            sql: """
                CREATE TRIGGER case_request_no_update BEFORE UPDATE ON case_request
                BEGIN
                    SELECT RAISE(ABORT, 'case_request is append-only');
                END;
                """
        )
        // Not unique: trace numbers are the submitter's, and nothing stops a submitter reusing
        // one; an update naming an ambiguous Claim is refused rather than guessed.
        try db.create(table: "case_claim_identifier") { t in
            t.column("case_id", .text).notNull().references("pa_case")
            t.column("submitter", .text).notNull()
            t.column("system", .text).notNull().defaults(to: "")
            t.column("value", .text).notNull()
            t.primaryKey(["case_id", "system", "value"])
        }
        try db.create(
            index: "case_claim_identifier_on_value",
            on: "case_claim_identifier",
            columns: ["submitter", "value"]
        )
    }

    /// Notifications waiting for delivery.
    private static func createOutbox(_ db: Database) throws {
        try db.create(table: "outbox") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("case_id", .text).indexed().references("pa_case")
            t.column("destination", .text).notNull()
            t.column("payload", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("next_attempt_at", .datetime).notNull()
            t.column("delivered_at", .datetime)
            t.column("last_error", .text)
        }
        try db.create(
            index: "outbox_pending",
            on: "outbox",
            columns: ["next_attempt_at"],
            condition: Column("delivered_at") == nil
        )
    }

    /// Registered clients, JWT ids already accepted (replay protection), and the server's own
    /// token-signing keys.
    private static func createSecurity(_ db: Database) throws {
        try db.create(table: "client") { t in
            t.primaryKey("id", .text)
            t.column("name", .text).notNull()
            t.column("kind", .text).notNull().check(sql: "kind IN ('ehr', 'provider', 'payer', 'reviewer')")
            t.column("organization_identifiers", .jsonText).notNull()
            t.column("jwks", .jsonText)
            t.column("jwks_url", .text)
            t.column("allowed_scopes", .jsonText).notNull()
            t.column("roles", .jsonText).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('active', 'disabled')")
            t.column("created_at", .datetime).notNull()
            // A client without keys could never authenticate; one with both is ambiguous.
            t.check(sql: "(jwks IS NULL) <> (jwks_url IS NULL)")
        }
        try db.create(table: "used_token_id") { t in
            t.column("issuer", .text).notNull()
            t.column("jti", .text).notNull()
            t.column("expires_at", .datetime).notNull().indexed()
            t.primaryKey(["issuer", "jti"])
        }
        try db.create(table: "signing_key") { t in
            t.primaryKey("kid", .text)
            t.column("algorithm", .text).notNull()
            t.column("private_key_pem", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("retired_at", .datetime)
        }
        // At most one current key. (A unique index on `retired_at` alone would not do: SQLite
        // treats NULLs as distinct.)
        try db.execute(
            sql: """
                CREATE UNIQUE INDEX signing_key_one_current ON signing_key ((retired_at IS NULL))
                WHERE retired_at IS NULL
                """)
    }

    /// CRD: the hook-call log, coverage assertions, card feedback, and an index of member
    /// identifiers so an EHR's Coverage finds our member.
    private static func createCoverageRequirements(_ db: Database) throws {
        try db.create(table: "hook_call") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("hook_instance", .text).notNull().indexed()
            t.column("hook", .text).notNull()
            t.column("service_id", .text).notNull()
            t.column("client_id", .text).notNull()
            t.column("patient_id", .text).indexed()
            t.column("received_at", .datetime).notNull().indexed()
            t.column("duration_ms", .integer).notNull()
            t.column("status", .integer).notNull()
            t.column("prefetch_json", .jsonText).notNull()
            t.column("rule_versions_json", .jsonText).notNull()
            t.column("assertion_ids", .jsonText).notNull()
            t.column("request_json", .text).notNull()
            t.column("response_json", .text).notNull()
        }
        try db.create(table: "coverage_assertion") { t in
            t.column("id", .text).notNull()
            t.column("order_reference", .text).notNull()
            t.primaryKey(["id", "order_reference"])
            t.column("hook_call_id", .integer).notNull().indexed().references("hook_call")
            t.column("hook_instance", .text).notNull()
            t.column("hook", .text).notNull()
            t.column("client_id", .text).notNull()
            t.column("member_id", .text).indexed()
            t.column("coverage_id", .text)
            t.column("client_coverage_reference", .text).notNull()
            t.column("payer_id", .text)
            t.column("service_system", .text)
            t.column("service_code", .text)
            t.column("covered", .text).notNull().check(sql: "covered IN ('covered', 'not-covered', 'conditional', 'indeterminate')")
            t.column("pa_needed", .text)
            t.column("questionnaires", .jsonText).notNull()
            t.column("policy_id", .text)
            t.column("policy_version", .text)
            t.column("extension_json", .text).notNull()
            t.column("evaluation_json", .text)
            t.column("created_at", .datetime).notNull()
            t.column("expires_on", .text)
        }
        try db.create(table: "hook_feedback") { t in
            t.column("service_id", .text).notNull()
            t.column("client_id", .text).notNull()
            t.column("card", .text).notNull().indexed()
            t.column("outcome", .text).notNull().check(sql: "outcome IN ('accepted', 'overridden')")
            t.column("outcome_timestamp", .text).notNull()
            t.column("accepted_suggestions", .jsonText).notNull()
            t.column("override_reason_json", .text)
            t.column("user_comment", .text)
            t.column("received_at", .datetime).notNull()
            // Feedback may be sent again; the same card, outcome and moment is kept once.
            t.uniqueKey(["service_id", "card", "outcome", "outcome_timestamp"])
        }

        // Every identifier a member is known by (subscriber id, Coverage.identifier values),
        // kept by triggers so no code path can leave it stale.
        try db.create(table: "coverage_identifier") { t in
            t.column("value", .text).notNull()
            t.column("coverage_id", .text).notNull().references("coverage", onDelete: .cascade)
            t.primaryKey(["value", "coverage_id"])
        }
        try db.execute(
            sql: """
                CREATE TRIGGER coverage_identifier_on_insert AFTER INSERT ON coverage BEGIN
                    INSERT OR IGNORE INTO coverage_identifier (value, coverage_id)
                        SELECT NEW.subscriber_id, NEW.id WHERE NEW.subscriber_id IS NOT NULL
                        UNION
                        SELECT json_extract(value, '$.value'), NEW.id
                        FROM json_each(CASE WHEN json_valid(NEW.coverage_json) THEN NEW.coverage_json ELSE '{}' END, '$.identifier')
                        WHERE json_extract(value, '$.value') IS NOT NULL;
                END;

                CREATE TRIGGER coverage_identifier_on_update AFTER UPDATE OF subscriber_id, coverage_json ON coverage BEGIN
                    DELETE FROM coverage_identifier WHERE coverage_id = OLD.id;
                    INSERT OR IGNORE INTO coverage_identifier (value, coverage_id)
                        SELECT NEW.subscriber_id, NEW.id WHERE NEW.subscriber_id IS NOT NULL
                        UNION
                        SELECT json_extract(value, '$.value'), NEW.id
                        FROM json_each(CASE WHEN json_valid(NEW.coverage_json) THEN NEW.coverage_json ELSE '{}' END, '$.identifier')
                        WHERE json_extract(value, '$.value') IS NOT NULL;
                END;

                INSERT OR IGNORE INTO coverage_identifier (value, coverage_id)
                    SELECT subscriber_id, id FROM coverage WHERE subscriber_id IS NOT NULL
                    UNION
                    SELECT json_extract(j.value, '$.value'), c.id
                    FROM coverage c, json_each(CASE WHEN json_valid(c.coverage_json) THEN c.coverage_json ELSE '{}' END, '$.identifier') j
                    WHERE json_extract(j.value, '$.value') IS NOT NULL;
                """)
    }

    /// Topic-based subscriptions (PAS pended results). One per owner and topic; the event count
    /// only goes up, so an event number is never handed out twice.
    private static func createSubscriptions(_ db: Database) throws {
        try db.create(table: "subscription") { t in
            t.primaryKey("id", .text)
            t.column("owner", .text).notNull()
            t.column("topic", .text).notNull()
            t.column("status", .text).notNull().check(sql: "status IN ('requested', 'active', 'error', 'off')")
            t.column("endpoint", .text).notNull()
            t.column("headers", .jsonText).notNull().defaults(to: "[]")
            t.column("payload_type", .text).notNull()
            t.column("content", .text).notNull().check(sql: "content IN ('empty', 'id-only', 'full-resource')")
            t.column("heartbeat_period", .integer).check(sql: "heartbeat_period > 0")
            t.column("timeout", .integer).check(sql: "timeout > 0")
            t.column("end_at", .datetime)
            t.column("event_count", .integer).notNull().defaults(to: 0).check(sql: "event_count >= 0")
            t.column("version", .integer).notNull().defaults(to: 1).check(sql: "version >= 1")
            t.column("last_error", .text)
            t.column("resource_json", .text).notNull()
            t.column("created_at", .datetime).notNull()
            t.column("updated_at", .datetime).notNull()
            t.uniqueKey(["owner", "topic"])
        }
        try db.create(index: "subscription_by_status", on: "subscription", columns: ["status", "updated_at"])
        // A subscription's undelivered notifications are held, released and deleted together.
        try db.create(
            index: "outbox_undelivered_by_destination", on: "outbox", columns: ["destination"],
            condition: Column("delivered_at") == nil)
        try db.execute(
            sql: """
                CREATE TRIGGER subscription_event_count_only_grows
                BEFORE UPDATE OF event_count ON subscription
                WHEN NEW.event_count < OLD.event_count
                BEGIN
                    SELECT RAISE(ABORT, 'a subscription''s event count never goes down: event numbers are not reused');
                END;
                """)
    }

    /// Subscription notifications carry their event number in a column, so `$events` finds a
    /// subscription's past notifications by number. Notifications queued before this migration
    /// get theirs from their SubscriptionStatus (the `event-number` part of the first entry's
    /// `notification-event`).
    private static func numberSubscriptionEvents(_ db: Database) throws {
        try db.alter(table: "outbox") { t in t.add(column: "event_number", .integer) }
        try db.execute(
            sql: """
                UPDATE outbox SET event_number = (
                    SELECT CAST(json_extract(part.value, '$.valueString') AS INTEGER)
                    FROM json_each(outbox.payload, '$.entry[0].resource.parameter') AS parameter,
                        json_each(parameter.value, '$.part') AS part
                    WHERE json_extract(parameter.value, '$.name') = 'notification-event'
                        AND json_extract(part.value, '$.name') = 'event-number'
                    LIMIT 1)
                WHERE destination LIKE 'Subscription/%' AND json_valid(payload)
                """)
        try db.create(
            index: "outbox_subscription_events", on: "outbox", columns: ["destination", "event_number"],
            condition: Column("event_number") != nil)
    }

    /// DTR: completed QuestionnaireResponses, found by CRD assertion, member or patient.
    private static func createQuestionnaireResponses(_ db: Database) throws {
        try db.create(table: "questionnaire_response") { t in
            t.primaryKey("id", .text)
            t.column("questionnaire", .text).notNull()
            t.column("context_id", .text).indexed()
            t.column("member_id", .text).indexed().references("member")
            t.column("patient_reference", .text).indexed()
            t.column("submitter", .text).notNull().indexed()
            t.column("status", .text).notNull()
                .check(sql: "status IN ('in-progress', 'completed', 'amended', 'entered-in-error', 'stopped')")
            t.column("authored", .text)
            t.column("resource_json", .text).notNull()
            t.column("received_at", .datetime).notNull()
        }
    }
}
