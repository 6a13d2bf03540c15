/// Card summaries must stay under 140 characters (CDS Hooks; Inferno fails 140). Counted in
/// Unicode scalars, which is what JavaScript and Ruby checkers count, never fewer than Swift's
/// characters.
enum CardSummary {
    static let limit = 140

    /// `text` unchanged when short enough, else cut at a word boundary with an ellipsis.
    static func fitted(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count >= limit else { return text }
        var cut = String(scalars.prefix(limit - 2))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = String(cut[..<space])
        }
        while let last = cut.last, last.isWhitespace || last.isPunctuation { cut.removeLast() }
        return cut + "…"
    }
}
