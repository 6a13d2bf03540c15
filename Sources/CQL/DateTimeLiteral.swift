import FHIR

/// `@2024-01-15`, `@2024-01-15T10:30:00.000Z`, `@T10:30`: the `Date`, `DateTime` or `Time` node
/// with one Integer literal per component the text gives (and a Decimal timezone offset).
enum DateTimeLiteral {
    static func translate(_ text: String, at location: SourceLocation) throws(CQLError) -> Typed {
        func bad() -> CQLError { CQLError("@\(text) is not a valid date, date-time or time literal", at: location) }
        func integer(_ value: Substring) -> JSON { ELM.literal(.integer, String(Int(value) ?? 0)) }
        func digits(_ value: Substring, _ count: Int) -> Bool { value.count == count && value.allSatisfy(\.isNumber) }

        if text.hasPrefix("T") {
            return Typed(ELM.node("Time", try timeMembers(text.dropFirst(), bad: bad)), .time)
        }
        var rest = Substring(text)
        var timePart: Substring?
        if let t = rest.firstIndex(of: "T") {
            timePart = rest[rest.index(after: t)...]
            rest = rest[..<t]
        }
        let dateParts = rest.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(dateParts.count), digits(dateParts[0], 4), dateParts.dropFirst().allSatisfy({ digits($0, 2) }) else { throw bad() }
        var members: [(String, JSON?)] = []
        for (name, part) in zip(["year", "month", "day"], dateParts) { members.append((name, integer(part))) }
        guard var time = timePart else { return Typed(ELM.node("Date", members), .date) }
        var offset: JSON?
        if time.hasSuffix("Z") {
            time = time.dropLast()
            offset = ELM.literal(.decimal, "0.0")
        } else if let sign = time.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = time[time.index(after: sign)...].split(separator: ":")
            guard zone.count == 2, digits(zone[0], 2), digits(zone[1], 2), let hours = Int(zone[0]), let minutes = Int(zone[1]) else { throw bad() }
            let value = Double(hours) + Double(minutes) / 60
            offset = ELM.literal(.decimal, "\(time[sign] == "-" ? "-" : "")\(value)")
            time = time[..<sign]
        }
        if !time.isEmpty { members += try timeMembers(time, bad: bad) }
        members.append(("timezoneOffset", offset))
        return Typed(ELM.node("DateTime", members), .dateTime)
    }

    private static func timeMembers(_ text: Substring, bad: () -> CQLError) throws(CQLError) -> [(String, JSON?)] {
        var text = text
        var millisecond: Substring?
        if let dot = text.firstIndex(of: ".") {
            millisecond = text[text.index(after: dot)...]
            text = text[..<dot]
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }) else { throw bad() }
        var members: [(String, JSON?)] = []
        for (name, part) in zip(["hour", "minute", "second"], parts) { members.append((name, ELM.literal(.integer, String(Int(part)!)))) }
        if let millisecond {
            guard parts.count == 3, (1...3).contains(millisecond.count), millisecond.allSatisfy(\.isNumber) else { throw bad() }
            members.append(("millisecond", ELM.literal(.integer, String(Int(String(millisecond) + String(repeating: "0", count: 3 - millisecond.count))!))))
        }
        return members
    }
}
