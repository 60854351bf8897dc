/// A day of the week, numbered as Foundation's Gregorian calendar numbers them (Sunday = 1).
public enum Weekday: Int, Sendable, CaseIterable, Comparable {
    case sun = 1
    case mon, tue, wed, thu, fri, sat

    public init?(name: String) {
        guard let day = Weekday.allCases.first(where: { "\($0)" == name.lowercased() }) else { return nil }
        self = day
    }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.rawValue < rhs.rawValue }
}
