import Foundation

/// A FHIR `instant`: a moment to at least the second, always with an offset
/// (`2026-03-08T01:30:00-05:00`, `2026-03-08T06:30:00.250Z`). Used for `meta.lastUpdated`
/// and Bundle `timestamp`.
///
/// It formats back exactly as written; ``date`` gives the moment itself.
public struct FHIRInstant: Sendable, Hashable, CustomStringConvertible, LosslessStringConvertible {
    /// The value as a dateTime; always of ``FHIRDateTime/Precision/time`` precision.
    public let dateTime: FHIRDateTime

    /// A full-precision dateTime as an instant; `nil` for partial ones.
    public init?(_ dateTime: FHIRDateTime) {
        guard dateTime.time != nil else { return nil }
        self.dateTime = dateTime
    }

    /// Reads the R4 `instant` grammar: `YYYY-MM-DDThh:mm:ss[.f…](Z|±hh:mm)`.
    public init?(_ text: String) {
        guard let dateTime = FHIRDateTime(text) else { return nil }
        self.init(dateTime)
    }

    /// `date` as seen in `timeZone`, with milliseconds when it has a fraction of a second.
    public init(_ date: Date, timeZone: TimeZone = .gmt) {
        self.dateTime = FHIRDateTime(date, timeZone: timeZone)
    }

    /// The moment.
    public var date: Date {
        dateTime.date!  // Every instant has a time and an offset.
    }

    /// The offset the moment was written in.
    public var offset: FHIRTimeZoneOffset {
        dateTime.time!.offset
    }

    public var description: String { dateTime.description }
}
