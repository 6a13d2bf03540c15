/// The names an expression can see beyond the library's definitions: function operands, query
/// aliases and lets, and — inside `sort by` — the properties of the sorted elements.
struct Scope {
    var operands: [String: DataType] = [:]
    var aliases: [String: DataType] = [:]
    var lets: [String: DataType] = [:]
    /// In a `sort by` item: the type of the query's result elements, whose properties are read as
    /// bare identifiers (`sort by effective`), while aliases are out of scope.
    var sortElement: DataType?
}
