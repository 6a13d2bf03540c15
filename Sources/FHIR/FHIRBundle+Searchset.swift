import Foundation

extension FHIRBundle {
    /// A `collection` Bundle: resources gathered for a purpose with no processing implied.
    public static func collection(
        id: String? = nil,
        identifier: Identifier? = nil,
        timestamp: FHIRInstant? = nil,
        entries: [Entry]
    ) -> FHIRBundle {
        FHIRBundle(type: .collection, id: id, identifier: identifier, timestamp: timestamp, entries: entries)
    }

    /// One page of search results, with the paging links clients follow.
    ///
    /// - Parameters:
    ///   - baseURL: The server's FHIR base (`https://greenlight.example/fhir`); entry
    ///     `fullUrl`s are `baseURL/Type/id`.
    ///   - resourceType: The type searched (`Claim`), or `nil` for a search across all types.
    ///     Links point at `baseURL/resourceType`.
    ///   - queryItems: The search parameters as the client sent them; `_offset` and `_count`
    ///     among them are replaced by the paging values.
    ///   - offset: How many matches precede this page.
    ///   - count: The page size.
    ///   - total: All matches across pages, when known; without it no `last` link is given and
    ///     `next` is offered whenever this page is full.
    ///   - resources: This page's matches (`search.mode` = `match`).
    ///   - included: Resources added by `_include` (`search.mode` = `include`).
    public static func searchset(
        baseURL: String,
        resourceType: String?,
        queryItems: [URLQueryItem],
        offset: Int,
        count: Int,
        total: Int?,
        resources: [JSON],
        included: [JSON] = [],
        id: String? = nil,
        timestamp: FHIRInstant? = nil
    ) -> FHIRBundle {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let searchURL = resourceType.map { "\(base)/\($0)" } ?? base
        let criteria = queryItems.filter { $0.name != "_offset" && $0.name != "_count" }
        func page(_ pageOffset: Int) -> String {
            let items = criteria + [
                URLQueryItem(name: "_offset", value: String(pageOffset)),
                URLQueryItem(name: "_count", value: String(count)),
            ]
            return searchURL + "?" + SearchQuery.encode(items)
        }

        var links = [Link(relation: "self", url: page(offset))]
        if count > 0 {
            links.append(Link(relation: "first", url: page(0)))
            if offset > 0 {
                links.append(Link(relation: "previous", url: page(max(0, offset - count))))
            }
            let hasNext = total.map { offset + count < $0 } ?? (resources.count >= count)
            if hasNext {
                links.append(Link(relation: "next", url: page(offset + count)))
            }
            if let total {
                let lastOffset = total == 0 ? 0 : (total - 1) / count * count
                links.append(Link(relation: "last", url: page(lastOffset)))
            }
        }

        let entries =
            resources.map { Entry(resource: $0, baseURL: base, search: .init(mode: .match)) }
            + included.map { Entry(resource: $0, baseURL: base, search: .init(mode: .include)) }
        return FHIRBundle(type: .searchset, id: id, timestamp: timestamp, total: total, links: links, entries: entries)
    }
}

/// Query strings for paging links.
enum SearchQuery {
    /// `name=value&…`, percent-encoding everything but unreserved characters and the few
    /// FHIR search values use verbatim (`:` `,` `/` `@` …). `+` is always encoded, so a
    /// time-zone offset in a date parameter is not read back as a space.
    static func encode(_ items: [URLQueryItem]) -> String {
        items.map { item in
            let name = escape(item.name)
            guard let value = item.value else { return name }
            return "\(name)=\(escape(value))"
        }.joined(separator: "&")
    }

    private static let allowed: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:@/?!$'()*,;".utf8))

    private static func escape(_ text: String) -> String {
        var escaped = ""
        for byte in text.utf8 {
            if allowed.contains(byte) {
                escaped.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                escaped += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return escaped
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
