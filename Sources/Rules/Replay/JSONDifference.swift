import FHIR

/// Field-by-field differences between two JSON values, as lines a person reads:
/// `pa_needed: "auth-needed" → "no-auth"`, `reasons: added [...]`, `note: removed "..."`.
/// Numbers compare by value (`5.0` equals `5`), as in ``JSONSubset``.
enum JSONDifference {
    static func lines(from old: JSON?, to new: JSON?, path: String = "") -> [String] {
        let here = path.isEmpty ? "(value)" : path
        switch (old, new) {
        case (nil, nil): return []
        case (nil, let new?): return ["\(here): added \(new)"]
        case (let old?, nil): return ["\(here): removed \(old)"]
        case (.object(let a)?, .object(let b)?):
            var keys = a.keys
            keys.append(contentsOf: b.keys.filter { a[$0] == nil })
            return keys.flatMap { key in
                lines(from: a[key], to: b[key], path: path.isEmpty ? key : "\(path).\(key)")
            }
        case (let old?, let new?):
            return JSONSubset.equal(old, new) ? [] : ["\(here): \(old) → \(new)"]
        }
    }
}
