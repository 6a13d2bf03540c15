import FHIR

/// Unary and binary operators, type tests and date/time extractors.
extension LibraryTranslator {
    func unary(_ op: UnaryOperator, _ operand: Typed, at location: SourceLocation) throws(CQLError) -> Typed {
        switch op {
        case .not:
            return Typed(ELM.unary("Not", try coerce(operand, to: .boolean, at: location, what: "the operand of not").elm), .boolean)
        case .exists:
            try requireList(operand, "exists", at: location)
            return Typed(ELM.unary("Exists", operand.elm), .boolean)
        case .distinct:
            try requireList(operand, "distinct", at: location)
            return Typed(ELM.unary("Distinct", operand.elm), operand.type)
        case .flatten:
            guard let inner = operand.type.elementType?.elementType else {
                throw CQLError("flatten needs a list of lists, but this is \(operand.type)", at: location)
            }
            return Typed(ELM.unary("Flatten", operand.elm), .list(inner))
        case .singletonFrom:
            try requireList(operand, "singleton from", at: location)
            return Typed(ELM.unary("SingletonFrom", operand.elm), operand.type.elementType ?? .any)
        case .negate:
            guard operand.type.isNumeric || operand.type == .quantity else {
                throw CQLError("- needs a number or a quantity, but this is \(operand.type)", at: location)
            }
            return Typed(ELM.unary("Negate", operand.elm), operand.type)
        case .plus:
            guard operand.type.isNumeric || operand.type == .quantity else {
                throw CQLError("+ needs a number or a quantity, but this is \(operand.type)", at: location)
            }
            return operand
        case .isNull:
            return Typed(ELM.unary("IsNull", operand.elm), .boolean)
        case .isNotNull:
            return Typed(ELM.unary("Not", ELM.unary("IsNull", operand.elm)), .boolean)
        case .isTrue, .isFalse, .isNotTrue, .isNotFalse:
            let value = try coerce(operand, to: .boolean, at: location, what: "the operand of '\(op.rawValue)'")
            let test = ELM.unary(op == .isTrue || op == .isNotTrue ? "IsTrue" : "IsFalse", value.elm)
            return Typed(op == .isTrue || op == .isFalse ? test : ELM.unary("Not", test), .boolean)
        case .startOf, .endOf:
            guard case .interval(let point) = operand.type else {
                throw CQLError("'\(op.rawValue)' needs an interval, but this is \(operand.type)", at: location)
            }
            return Typed(ELM.unary(op == .startOf ? "Start" : "End", operand.elm), point)
        case .pointFrom:
            throw CQLError("'point from' is not supported by this translator", at: location)
        }
    }

    func requireList(_ operand: Typed, _ what: String, at location: SourceLocation) throws(CQLError) {
        guard operand.type.isList || operand.isNullLiteral else {
            throw CQLError("\(what) needs a list, but this is \(operand.type)", at: location)
        }
    }

    func binary(_ op: BinaryOperator, _ left: Typed, _ right: Typed, at location: SourceLocation) throws(CQLError) -> Typed {
        let what = "the operands of \(op.rawValue)"
        switch op {
        case .and, .or, .xor, .implies:
            let l = try coerce(left, to: .boolean, at: location, what: "the left operand of \(op.rawValue)")
            let r = try coerce(right, to: .boolean, at: location, what: "the right operand of \(op.rawValue)")
            let type = ["and": "And", "or": "Or", "xor": "Xor", "implies": "Implies"][op.rawValue]!
            return Typed(ELM.nary(type, [l.elm, r.elm]), .boolean)
        case .equal, .notEqual, .equivalent, .notEquivalent:
            let (l, r) = try unify(left, right, at: location, what: what)
            switch op {
            case .equal: return Typed(ELM.nary("Equal", [l.elm, r.elm]), .boolean)
            case .notEqual: return Typed(ELM.nary("NotEqual", [l.elm, r.elm]), .boolean)
            case .equivalent: return Typed(ELM.nary("Equivalent", [l.elm, r.elm]), .boolean)
            default: return Typed(ELM.unary("Not", ELM.nary("Equivalent", [l.elm, r.elm])), .boolean)
            }
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            let (l, r) = try unify(left, right, at: location, what: what)
            guard l.type.isOrdered || l.isNullLiteral else {
                throw CQLError("\(op.rawValue) compares numbers, strings, dates, times or quantities, not \(l.type)\(Self.hint(l.type, .string))", at: location)
            }
            let type = ["<": "Less", "<=": "LessOrEqual", ">": "Greater", ">=": "GreaterOrEqual"][op.rawValue]!
            return Typed(ELM.nary(type, [l.elm, r.elm]), .boolean)
        case .in:
            return try membership(element: left, collection: right, contains: false, at: location)
        case .contains:
            return try membership(element: right, collection: left, contains: true, at: location)
        case .add where left.type == .string || right.type == .string:
            let l = try coerce(left, to: .string, at: location, what: "the left operand of +")
            let r = try coerce(right, to: .string, at: location, what: "the right operand of +")
            return Typed(ELM.nary("Concatenate", [l.elm, r.elm]), .string)
        case .concatenate:
            // `&` treats null as the empty string, which the reference translator spells out.
            let l = try coerce(left, to: .string, at: location, what: "the left operand of &")
            let r = try coerce(right, to: .string, at: location, what: "the right operand of &")
            let empty = ELM.literal(.string, "")
            return Typed(ELM.nary("Concatenate", [ELM.nary("Coalesce", [l.elm, empty]), ELM.nary("Coalesce", [r.elm, empty])]), .string)
        case .add, .subtract, .multiply, .divide, .div, .mod, .power:
            return try arithmetic(op, left, right, at: location)
        case .union, .intersect, .except:
            let (l, r) = try unify(left, right, at: location, what: what)
            guard l.type.isList || l.isNullLiteral else { throw CQLError("\(op.rawValue) combines lists, not \(l.type)", at: location) }
            let type = ["union": "Union", "intersect": "Intersect", "except": "Except"][op.rawValue]!
            return Typed(ELM.nary(type, [l.elm, r.elm]), l.type)
        }
    }

    private func arithmetic(_ op: BinaryOperator, _ left: Typed, _ right: Typed, at location: SourceLocation) throws(CQLError) -> Typed {
        let temporal: Set<DataType> = [.date, .dateTime, .time]
        if op == .add || op == .subtract, temporal.contains(left.type), right.type == .quantity {
            return Typed(ELM.nary(op == .add ? "Add" : "Subtract", [left.elm, right.elm]), left.type)
        }
        var (l, r) = try unify(left, right, at: location, what: "the operands of \(op.rawValue)")
        guard l.type.isNumeric || l.type == .quantity || l.isNullLiteral else {
            throw CQLError("\(op.rawValue) needs numbers or quantities, but these are \(l.type)\(Self.hint(l.type, .decimal))", at: location)
        }
        if op == .divide, l.type == .integer {
            l = Typed(ELM.unary("ToDecimal", l.elm), .decimal)
            r = Typed(ELM.unary("ToDecimal", r.elm), .decimal)
        }
        let names: [BinaryOperator: String] = [
            .add: "Add", .subtract: "Subtract", .multiply: "Multiply", .divide: "Divide", .div: "TruncatedDivide", .mod: "Modulo", .power: "Power",
        ]
        return Typed(ELM.nary(names[op]!, [l.elm, r.elm]), l.type)
    }

    /// `x in list`, `list contains x`, `x in interval`, `code in "Value set"`.
    private func membership(element: Typed, collection: Typed, contains: Bool, at location: SourceLocation) throws(CQLError) -> Typed {
        switch collection.type {
        case .list(let type), .interval(let type):
            let value = try coerce(element, to: type, at: location, what: contains ? "what a \(collection.type) contains" : "what is in a \(collection.type)")
            let operands = contains ? [collection.elm, value.elm] : [value.elm, collection.elm]
            return Typed(ELM.nary(contains ? "Contains" : "In", operands), .boolean)
        case .valueSet where !contains:
            guard [.string, .code, .concept].contains(element.type) || element.type == .list(.code) else {
                throw CQLError("in a value set tests a System String, Code or Concept, not \(element.type)", at: location)
            }
            return Typed(ELM.node("InValueSet", [("code", element.elm), ("valueset", collection.elm)]), .boolean)
        default:
            let word = contains ? "contains" : "in"
            throw CQLError("\(word) needs a list or an interval, but this is \(collection.type)", at: location)
        }
    }

    func typeTest(_ op: TypeOperator, _ operand: Typed, _ type: DataType, at location: SourceLocation) throws(CQLError) -> Typed {
        if !operand.isNullLiteral, operand.type != .any, !type.isSubtype(of: operand.type), !operand.type.isSubtype(of: type) {
            throw CQLError("\(operand.type) can never be \(type)", at: location)
        }
        switch op {
        case .is:
            return Typed(ELM.node("Is", [("operand", operand.elm), ("isTypeSpecifier", type.specifier)]), .boolean)
        case .as, .cast:
            return Typed(ELM.node("As", [("strict", .bool(op == .cast)), ("operand", operand.elm), ("asTypeSpecifier", type.specifier)]), type)
        }
    }

    /// `date from x`, `time from x`, `timezoneoffset from x`, `year from x`, …
    func extract(_ component: String, _ operand: Typed, at location: SourceLocation) throws(CQLError) -> Typed {
        switch component {
        case "date", "time", "timezoneoffset":
            guard operand.type == .dateTime || operand.isNullLiteral else {
                throw CQLError("\(component) from needs a System.DateTime, but this is \(operand.type)\(Self.hint(operand.type, .dateTime))", at: location)
            }
            let value = try coerce(operand, to: .dateTime, at: location, what: "the operand")
            switch component {
            case "date": return Typed(ELM.unary("DateFrom", value.elm), .date)
            case "time": return Typed(ELM.unary("TimeFrom", value.elm), .time)
            default: return Typed(ELM.unary("TimezoneOffsetFrom", value.elm), .decimal)
            }
        default:
            guard [.date, .dateTime, .time].contains(operand.type) else {
                throw CQLError("\(component) from needs a date, date-time or time, but this is \(operand.type)\(Self.hint(operand.type, .dateTime))", at: location)
            }
            return Typed(ELM.node("DateTimeComponentFrom", [("operand", operand.elm), ("precision", .string(Keywords.componentPrecisions[component]!))]), .integer)
        }
    }
}
