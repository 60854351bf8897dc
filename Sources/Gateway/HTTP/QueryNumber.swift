import MekongCore

/// A whole-number query parameter within bounds, with a clear 400 otherwise.
enum QueryNumber {
    static func bounded(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw APIError(.invalidRequest, "query '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
