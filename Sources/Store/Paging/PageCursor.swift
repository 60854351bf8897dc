public import Foundation

/// Where a page of a newest-first list ends: the last row's sort time (whole microseconds,
/// as PostgreSQL stores it), a whole-number tie-breaker and its id. The next page starts
/// strictly after it, so rows written meanwhile neither repeat nor go missing (keyset
/// pagination, as Stripe's `starting_after`). To callers it is an opaque base64url token.
public struct PageCursor: Sendable, Equatable {
    /// Microseconds since 2000-01-01 UTC, PostgreSQL's own epoch.
    public let micros: Int64
    public let sequence: Int64
    public let id: String

    static let postgresEpoch = Date(timeIntervalSince1970: 946_684_800)

    public init(at: Date, sequence: Int64 = 0, id: String) {
        // A stored time read back is within a fraction of a microsecond of the stored one;
        // rounding (not truncating, as binding a Date does) gives back exactly what is stored.
        micros = Int64((at.timeIntervalSince(Self.postgresEpoch) * 1_000_000).rounded())
        self.sequence = sequence
        self.id = id
    }

    init(micros: Int64, sequence: Int64, id: String) {
        self.micros = micros
        self.sequence = sequence
        self.id = id
    }

    /// The instant `micros` counts from, in SQL: the cursor's time is
    /// `(\(unescaped: PageCursor.epoch) + \(micros)::int8 * interval '1 microsecond')`, exact to
    /// the microsecond.
    public static let epoch = "timestamptz '2000-01-01 00:00:00+00'"

    public var token: String {
        Data("1.\(micros).\(sequence).\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The cursor a token names, or nil if it was not made by `token`.
    public init?(token: String) {
        guard token.utf8.count <= 400, token.utf8.allSatisfy({ $0.isBase64URL }) else { return nil }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "1", let micros = Int64(parts[1]), let sequence = Int64(parts[2]), !parts[3].isEmpty,
            parts[3].utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        else { return nil }
        self.init(micros: micros, sequence: sequence, id: String(parts[3]))
    }
}

private extension UInt8 {
    var isBase64URL: Bool {
        (0x30...0x39).contains(self) || (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) || self == 0x2D || self == 0x5F
    }
}
