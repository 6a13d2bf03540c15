import FHIR

/// Reading extension values the way PAS writes them, with the position of the extension so a
/// problem can name it (`….item[0].extension[1]`).
extension JSON {
    /// The position in `extension` of the first extension with `url`.
    func extensionIndex(url: String, in member: String = "extension") -> Int? {
        self[member]?.array?.firstIndex { $0["url"]?.string == url }
    }

    /// The first coding with a code of a CodeableConcept element.
    var firstCodedCoding: Coding? {
        (self["coding"]?.array ?? []).compactMap(Coding.init(json:)).first { $0.code?.isEmpty == false }
    }

    /// The first coding with a code of the `valueCodeableConcept` of the first extension with `url`.
    func extensionCoding(url: String) -> Coding? {
        self.extension(url: url)?["valueCodeableConcept"]?.firstCodedCoding
    }

    /// The values of the sub-extensions named `name` (`valueString`, `valueCode`, … whichever is written).
    func subExtensionStrings(_ name: String) -> [String] {
        extensions(url: name).compactMap { sub in
            sub.object?.first { $0.key.hasPrefix("value") }?.value.string
        }
    }
}
