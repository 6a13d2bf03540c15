/// Reading the elements every FHIR resource shares, straight from its JSON.
extension JSON {
    /// A resource skeleton: `{"resourceType": type, "id": id}` followed by `elements`.
    public static func resource(type: String, id: String? = nil, _ elements: JSONObject = [:]) -> JSON {
        var object: JSONObject = ["resourceType": .string(type)]
        if let id { object["id"] = .string(id) }
        for (key, value) in elements {
            object[key] = value
        }
        return .object(object)
    }

    /// `resourceType`, when this is a resource.
    public var resourceType: String? {
        self["resourceType"]?.string
    }

    /// The logical `id`.
    public var id: String? {
        self["id"]?.string
    }

    /// `Type/id`, when both are present.
    public var address: ResourceAddress? {
        guard let resourceType, let id else { return nil }
        return ResourceAddress(type: resourceType, id: id)
    }

    /// The profiles the resource claims to conform to (`meta.profile`).
    public var profiles: [String] {
        self["meta"]?["profile"]?.array?.compactMap(\.string) ?? []
    }

    /// The `extension` elements with this `url` (an element may repeat an extension).
    public func extensions(url: String) -> [JSON] {
        (self["extension"]?.array ?? []).filter { $0["url"]?.string == url }
    }

    /// The first `extension` with this `url`.
    public func `extension`(url: String) -> JSON? {
        self["extension"]?.array?.first { $0["url"]?.string == url }
    }

    /// The business identifiers (`identifier`, whether written as an array or a single object).
    public var identifiers: [Identifier] {
        switch self["identifier"] {
        case .array(let elements)?: elements.compactMap(Identifier.init(json:))
        case let single?: Identifier(json: single).map { [$0] } ?? []
        case nil: []
        }
    }

    /// The value at a dotted path: `"code.coding"`, `"item[0].productOrService"`, `"name.0.family"`.
    ///
    /// Each step names an object member, optionally followed by `[n]` (or a step `n`) to pick
    /// an array element. `nil` when any step is missing. This is member access, not FHIRPath:
    /// arrays are not flattened (see ``values(at:)`` for that).
    public func value(at path: String) -> JSON? {
        value(at: JSONPath(path))
    }

    /// ``value(at:)`` for a path read beforehand.
    public func value(at path: JSONPath) -> JSON? {
        var current = self
        for step in path.steps {
            guard let next = current.following(step) else { return nil }
            current = next
        }
        return current
    }

    /// Every value reached by a dotted path, descending into every element of each array on
    /// the way, as FHIRPath does: `values(at: "item.productOrService.coding.code")` lists the
    /// codes of all items. An explicit `[n]` picks one element instead.
    public func values(at path: String) -> [JSON] {
        values(at: JSONPath(path))
    }

    /// ``values(at:)`` for a path read beforehand.
    public func values(at path: JSONPath) -> [JSON] {
        var current: [JSON] = [self]
        for step in path.steps {
            var next: [JSON] = []
            for value in current {
                if step.indexes.isEmpty, let key = step.key {
                    switch value[key] {
                    case .array(let elements)?: next += elements
                    case let member?: next.append(member)
                    case nil: break
                    }
                } else if let reached = value.following(step) {
                    next.append(reached)
                }
            }
            current = next
        }
        return current
    }

    private func following(_ step: JSONPath.Step) -> JSON? {
        var current = self
        if let key = step.key {
            guard let member = current[key] else { return nil }
            current = member
        }
        for index in step.indexes {
            guard let element = current[index] else { return nil }
            current = element
        }
        return current
    }
}
