import Foundation
import Identifiers

/// `coverage-assertion-id`s: one per response and Coverage, unguessable (they open DTR and PAS
/// context), so random — a UUID v4 — and marked as ours.
enum AssertionID {
    static func make() -> String { "crd-" + RandomIdentifier.uuid() }
}
