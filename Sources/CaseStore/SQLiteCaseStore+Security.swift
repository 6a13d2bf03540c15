import Foundation
internal import GRDB

// MARK: - Client registry

extension SQLiteCaseStore {
    public func registerClient(_ client: RegisteredClient) async throws {
        try Self.validate(client)
        let record = try ClientRecord(client)
        try await write { db in
            guard try !ClientRecord.exists(db, key: record.id) else {
                throw CaseStoreError(.duplicateClient, "a client with the id \(record.id) is already registered")
            }
            try record.insert(db)
        }
        directory.clients.invalidate()
    }

    public func upsertClient(_ client: RegisteredClient) async throws {
        try Self.validate(client)
        let record = try ClientRecord(client)
        try await write { db in try record.save(db) }
        directory.clients.invalidate()
    }

    /// From memory (see ``DirectoryCache``): every signed request reads it. An id not in
    /// memory is read from the file, since another process may have just registered it.
    public func client(id: String) async throws -> RegisteredClient? {
        let known = try await directory.clients.value {
            try await read { db in
                Dictionary(uniqueKeysWithValues: try ClientRecord.fetchAll(db).map { ($0.id, try $0.model()) })
            }
        }
        if let client = known[id] { return client }
        let found = try await read { db in try ClientRecord.fetchOne(db, key: id)?.model() }
        if found != nil { directory.clients.invalidate() }
        return found
    }

    public func clients() async throws -> [RegisteredClient] {
        try await read { db in try ClientRecord.order(Column("id")).fetchAll(db).map { try $0.model() } }
    }

    @discardableResult
    public func removeClient(id: String) async throws -> Bool {
        defer { directory.clients.invalidate() }
        return try await write { db in try ClientRecord.deleteOne(db, key: id) }
    }

    /// Refuses clients that could never authenticate, before anything is written.
    private static func validate(_ client: RegisteredClient) throws(CaseStoreError) {
        func refuse(_ message: String) -> CaseStoreError { CaseStoreError(.invalidRecord, "client \(client.id): \(message)") }
        guard !client.id.isBlank else {
            throw CaseStoreError(.invalidRecord, "a client needs an id")
        }
        guard !client.name.isEmpty else { throw refuse("a client needs a name") }
        switch (client.jwks, client.jwksURL) {
        case (nil, nil): throw refuse("needs public keys: an inline JWKS or a JWKS URL")
        case (.some, .some): throw refuse("give either an inline JWKS or a JWKS URL, not both")
        default: break
        }
    }
}

// MARK: - Replay guard

extension SQLiteCaseStore {
    public func claimTokenID(_ jti: String, issuer: String, expiresAt: Date) async throws -> Bool {
        let claim = TokenIDClaim(issuer: issuer, jti: jti, keepUntil: expiresAt)
        return try await groupedWrite { db in try Self.insert(claim, db) }
    }

    /// Records a used JWT id; `false` when it was already recorded. One statement, so two
    /// processes racing for the same id cannot both win.
    static func insert(_ claim: TokenIDClaim, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO used_token_id (issuer, jti, expires_at) VALUES (?, ?, ?)")
            .execute(arguments: [claim.issuer, claim.jti, claim.keepUntil.storageText])
        return db.changesCount == 1
    }

    @discardableResult
    public func purgeTokenIDs(expiredBefore date: Date) async throws -> Int {
        let cutoff = Self.storable(date)
        return try await write { db in
            try db.execute(sql: "DELETE FROM used_token_id WHERE expires_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}

// MARK: - Signing keys

extension SQLiteCaseStore {
    public func signingKeys() async throws -> [StoredSigningKey] {
        try await read { db in
            try SigningKeyRecord.order(Column("created_at").desc, Column("kid")).fetchAll(db).map(\.model)
        }
    }

    public func rotateSigningKey(to key: StoredSigningKey) async throws {
        var record = SigningKeyRecord(key)
        record.retiredAt = nil
        try await write { [record] db in
            try db.execute(
                sql: "UPDATE signing_key SET retired_at = ? WHERE retired_at IS NULL", arguments: [record.createdAt])
            try record.insert(db)
        }
    }

    @discardableResult
    public func removeSigningKeys(retiredBefore date: Date) async throws -> Int {
        let cutoff = Self.storable(date)
        return try await write { db in
            try db.execute(
                sql: "DELETE FROM signing_key WHERE retired_at IS NOT NULL AND retired_at < ?", arguments: [cutoff])
            return db.changesCount
        }
    }
}
