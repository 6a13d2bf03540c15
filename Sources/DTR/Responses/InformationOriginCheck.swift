import FHIR

/// DTR: every answer says where it came from (`information-origin`, 1..1): `source` auto,
/// override or manual, and an `author` exactly when the source is not auto (dtrx-1).
enum InformationOriginCheck {
    static func check(_ answer: JSON, path: String, link: String, add: (OperationOutcome.IssueType, String, String) -> Void) {
        let origins = answer.extensions(url: DTRVocabulary.informationOrigin)
        guard origins.count == 1, let origin = origins.first else {
            add(
                .required, "The answer to \"\(link)\" needs exactly one information-origin extension (auto, override or manual).",
                "\(path).extension('\(DTRVocabulary.informationOrigin)')")
            return
        }
        let position = (answer["extension"]?.array ?? []).firstIndex { $0["url"]?.string == DTRVocabulary.informationOrigin } ?? 0
        let here = "\(path).extension[\(position)]"
        guard let source = origin.extension(url: "source")?["valueCode"]?.string,
            DTRVocabulary.informationOriginSources.contains(source)
        else {
            add(.codeInvalid, "information-origin on \"\(link)\" needs source auto, override or manual.", "\(here).extension('source')")
            return
        }
        let hasAuthor = origin.extension(url: "author") != nil
        if source != "auto", !hasAuthor {
            add(.invariant, "dtrx-1: an answer to \"\(link)\" with source \(source) names its author.", "\(here).extension('author')")
        } else if source == "auto", hasAuthor {
            add(.invariant, "dtrx-1: an automatically filled answer to \"\(link)\" has no author.", "\(here).extension('author')")
        }
    }
}
