import FHIR

/// A translated expression: its ELM and its CQL type.
struct Typed {
    var elm: JSON
    var type: DataType
    /// The literal `null`, which takes the type the context expects (an `As` around it).
    var isNullLiteral = false
    /// Set when this is a reference to a query alias, so a property of it is written with `scope`.
    var alias: String?

    init(_ elm: JSON, _ type: DataType, isNullLiteral: Bool = false, alias: String? = nil) {
        self.elm = elm
        self.type = type
        self.isNullLiteral = isNullLiteral
        self.alias = alias
    }
}
