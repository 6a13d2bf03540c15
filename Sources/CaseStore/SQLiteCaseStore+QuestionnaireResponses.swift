import Foundation
internal import GRDB

extension SQLiteCaseStore {
    public func storeQuestionnaireResponse(_ response: StoredQuestionnaireResponse) async throws {
        guard !response.id.isEmpty, !response.questionnaire.isEmpty, !response.submitter.isEmpty else {
            throw CaseStoreError(.invalidRecord, "a questionnaire response needs its id, questionnaire and submitter")
        }
        let record = QuestionnaireResponseRecord(response)
        try await groupedWrite { db in
            // insert, not save: a stored response is never replaced (the primary key refuses it).
            try record.insert(db)
        }
    }

    public func questionnaireResponse(id: String) async throws -> StoredQuestionnaireResponse? {
        try await readInPlace { db in
            try QuestionnaireResponseRecord.fetchOne(db, key: id)?.model
        }
    }

    public func questionnaireResponses(_ query: QuestionnaireResponseQuery) async throws -> [StoredQuestionnaireResponse] {
        try await read { db in
            typealias Key = QuestionnaireResponseRecord.CodingKeys
            var request = QuestionnaireResponseRecord.all()
            if let value = query.contextID { request = request.filter(Column(Key.contextID) == value) }
            if let value = query.submitter { request = request.filter(Column(Key.submitter) == value) }
            if let patient = query.patient {
                // Our member id, or the client's reference with or without the type.
                let references = patient.contains("/") ? [patient] : [patient, "Patient/\(patient)"]
                request = request.filter(
                    Column(Key.memberID) == patient || references.contains(Column(Key.patientReference)))
            }
            if let questionnaire = query.questionnaire {
                // `url` matches every version (`url|version`); LIKE would read `_` and `%` in URLs as wildcards.
                let versioned = questionnaire + "|"
                request = request.filter(
                    sql: "questionnaire = ? OR substr(questionnaire, 1, ?) = ?",
                    arguments: [questionnaire, versioned.unicodeScalars.count, versioned])
            }
            return try request
                .order(Column(Key.receivedAt).desc, Column("rowid").desc)
                .limit(max(query.limit, 0))
                .fetchAll(db)
                .map(\.model)
        }
    }

    public func questionnaireResponses(
        contextIDs: [String], memberID: String, submitter: String
    ) async throws -> [StoredQuestionnaireResponse] {
        guard !contextIDs.isEmpty else { return [] }
        return try await read { db in
            typealias Key = QuestionnaireResponseRecord.CodingKeys
            // `context_id` is indexed (v6); an assertion has a handful of responses at most.
            return try QuestionnaireResponseRecord
                .filter(contextIDs.contains(Column(Key.contextID)))
                .filter(Column(Key.memberID) == memberID && Column(Key.submitter) == submitter)
                .filter(["completed", "amended"].contains(Column(Key.status)))
                .order(Column(Key.receivedAt).desc, Column("rowid").desc)
                .fetchAll(db)
                .map(\.model)
        }
    }
}
