/// CQL words that cannot name things without quotes. The grammar lets a few more keywords act as
/// identifiers in places; reserving these keeps `Observations O where …` from reading `where` as
/// an alias, which is the ambiguity that matters for a query.
enum Keywords {
    static let reserved: Set<String> = [
        "after", "all", "and", "as", "asc", "ascending", "before", "between", "by", "called", "case", "cast",
        "codesystem", "codesystems", "collapse", "concept", "contains", "context", "default", "define", "desc",
        "descending", "difference", "display", "distinct", "div", "duration", "during", "else", "end", "ends",
        "except", "exists", "expand", "false", "flatten", "from", "function", "if", "implies", "in", "include",
        "included", "includes", "intersect", "is", "let", "library", "meets", "mod", "not", "null", "occurs",
        "or", "overlaps", "parameter", "per", "private", "properly", "public", "return", "returns", "same",
        "singleton", "sort", "starts", "such", "that", "then", "to", "true", "union", "using", "valueset",
        "version", "when", "where", "with", "within", "without", "xor",
    ]

    /// Temporal units a quantity may be written with: `3 days`.
    static let temporalUnits: Set<String> = [
        "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours", "minute", "minutes",
        "second", "seconds", "millisecond", "milliseconds",
    ]

    /// `X from` extractors and the ELM precision of the component ones.
    static let componentPrecisions: [String: String] = [
        "year": "Year", "month": "Month", "week": "Week", "day": "Day", "hour": "Hour", "minute": "Minute",
        "second": "Second", "millisecond": "Millisecond",
    ]
    static let extractors: Set<String> = ["date", "time", "timezoneoffset"]
}
