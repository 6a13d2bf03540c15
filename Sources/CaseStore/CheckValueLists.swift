internal import GRDB

/// Migration v8: the CHECK constraints that list a column's allowed values
/// (`status IN ('received', 'pended', …)`) become chains of comparisons
/// (`(status = 'received' OR status = 'pended' OR …)`), which mean the same.
///
/// Why: SQLite evaluates an IN list of three or more constants by building a temporary B-tree
/// of the constants (an ephemeral table, with a pager of its own) every time the statement
/// runs, and a CHECK runs on every INSERT and on every UPDATE of its column. A PAS `$submit`
/// built eleven of them; they cost about a fifth of its CPU, and a sixth of a CRD order-sign's
/// (`greenlight-bench`, alternating runs). Comparisons cost nothing measurable. SQLite writes
/// lists of one or two constants as comparisons itself, so those stay.
///
/// How: only the constraint text changes, not a stored row, so the tables are not rebuilt
/// (which would copy every request ever received). SQLite documents the procedure for such
/// changes (https://www.sqlite.org/lang_altertable.html#otheralter): edit the table's
/// definition in `sqlite_schema` and increment the schema version, in one transaction. The
/// new definitions are parsed again before the migration commits, so one that did not parse
/// would roll the migration back rather than leave a database that cannot be opened.
///
/// Tables added by later migrations write comparisons from the start; a test checks that no
/// definition in the schema lists three or more constants.
enum CheckValueLists {
    static func rewrite(_ db: Database) throws {
        let definitions = try Row.fetchAll(
            db, sql: "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL ORDER BY name")
        let changed: [(table: String, sql: String)] = definitions.compactMap { row in
            let table: String = row["name"], sql: String = row["sql"]
            let rewritten = comparisons(in: sql)
            return rewritten == sql ? nil : (table, rewritten)
        }
        guard !changed.isEmpty else { return }
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        do {
            for (table, sql) in changed {
                try db.execute(
                    sql: "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?", arguments: [sql, table])
            }
            // Other connections see the new version and read the schema again.
            try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        } catch {
            try? db.execute(sql: "PRAGMA writable_schema = OFF")
            throw error
        }
        try db.execute(sql: "PRAGMA writable_schema = OFF")
        db.clearSchemaCache()
        for (table, _) in changed {
            // Parses the new definition now, inside the migration's transaction.
            _ = try Row.fetchAll(db, sql: "SELECT * FROM \(table.quotedDatabaseIdentifier) LIMIT 0")
        }
    }

    /// `sql` with every `column IN (…)` of three or more string constants written as
    /// `(column = … OR …)`, and every `column NOT IN (…)` as `(column <> … AND …)`.
    ///
    /// The same for every value and for NULL: `NULL IN (…)` and a chain of comparisons with NULL
    /// are both NULL, which a CHECK lets through; both compare with the column's collation.
    static func comparisons(in sql: String) -> String {
        sql.replacing(valueList) { match in
            let column = String(match.output.column)
            let values = match.output.values.matches(of: constant).map { String($0.output) }
            guard values.count >= 3 else { return String(match.output.0) }
            return match.output.negated == nil
                ? "(" + values.map { "\(column) = \($0)" }.joined(separator: " OR ") + ")"
                : "(" + values.map { "\(column) <> \($0)" }.joined(separator: " AND ") + ")"
        }
    }

    /// A string constant, `''` being a quote inside it. (Built per use: a migration runs once.)
    private static var constant: Regex<Substring> { /'(?:[^']|'')*'/ }

    /// `column [NOT] IN ('a', 'b', …)`, over any spacing and line breaks.
    private static var valueList: Regex<(Substring, column: Substring, negated: Substring?, values: Substring)> {
        /(?<column>[A-Za-z_][A-Za-z0-9_]*)\s+(?<negated>NOT\s+)?IN\s*\((?<values>\s*'(?:[^']|'')*'(?:\s*,\s*'(?:[^']|'')*')*\s*)\)/
    }
}
