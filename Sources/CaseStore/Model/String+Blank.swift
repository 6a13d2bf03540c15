extension StringProtocol {
    /// Whether the text is empty or only whitespace (newlines included). Checked by characters:
    /// Foundation's trimming bridges through NSString, which cost more than the rest of
    /// checking a decision.
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
