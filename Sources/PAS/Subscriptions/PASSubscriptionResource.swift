import CaseStore
import FHIR
import Foundation

extension TopicSubscription {
    /// The Subscription resource as the server shows it: what the subscriber sent, with the
    /// server's `id`, `meta` (version, last change, the PAS profile), `status`, and `error` while
    /// in error.
    func resource() -> JSON {
        var elements = (try? JSON.parse(settings.resourceJSON))?.object ?? [:]
        for key in ["resourceType", "id", "meta", "status", "error"] { _ = elements.removeValue(forKey: key) }
        var json = JSON.resource(
            type: "Subscription", id: id,
            [
                "meta": [
                    "versionId": .string(String(version)),
                    "lastUpdated": .string(FHIRInstant(updatedAt).description),
                    "profile": [.string(PASSubscriptionTopic.subscriptionProfile)],
                ]
            ])
        json["status"] = .string(status.rawValue)
        if status == .error, let lastError { json["error"] = .string(lastError) }
        for (key, value) in elements { json[key] = value }
        return json
    }
}
