public import MekongCore

/// What a candidate snapshot changes against the one in force for its provider: each pair's
/// rate before and after, the move in basis points, and warnings for moves larger than the
/// treasury's threshold and for pairs added or dropped.
///
/// Rules (each tested):
/// - the move is (after − before) / before, shown in basis points rounded half away from zero;
/// - a move is *large* when its rounded figure exceeds the threshold (|bp| > threshold), so
///   what is flagged is what is shown: −2.0044 % shows as −2.00 and is not over 2.00 %;
/// - a pair in force but missing from the candidate is a warning: once it takes effect, quotes
///   on that pair are refused with 3003.
public struct RateSnapshotDiff: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public let pair: CurrencyPair
        public let before: Rate?
        public let after: Rate?
        /// Nil for a pair added or dropped.
        public let basisPoints: Int?
        public let isLarge: Bool

        /// The move as a percentage with two decimals and a sign: "+2.15", "-0.05", "0.00".
        public var percentText: String? { basisPoints.map { RateSnapshotDiff.percent($0, signed: true) } }
    }

    /// Basis points as a percentage with two decimals: 215 → "2.15" ("+2.15" when signed).
    public static func percent(_ basisPoints: Int, signed: Bool) -> String {
        let magnitude = basisPoints.magnitude
        let fraction = String(magnitude % 100)
        let sign = basisPoints < 0 ? "-" : (signed && basisPoints > 0 ? "+" : "")
        return "\(sign)\(magnitude / 100).\(fraction.count == 1 ? "0" + fraction : fraction)"
    }

    public let candidateID: String
    /// The snapshot in force when the diff was taken, if any.
    public let baselineID: String?
    public let thresholdBasisPoints: Int
    /// Every pair of either snapshot, sorted by pair.
    public let changes: [Change]

    public init(candidate: RateSnapshot, baseline: RateSnapshot?, thresholdBasisPoints: Int) {
        candidateID = candidate.id
        baselineID = baseline?.id
        self.thresholdBasisPoints = thresholdBasisPoints
        let pairs = Set(candidate.rates.keys).union(baseline?.rates.keys ?? [:].keys)
        changes = pairs.sorted { $0.description < $1.description }.map { pair in
            let before = baseline?.rates[pair]
            let after = candidate.rates[pair]
            guard let before, let after else {
                return Change(pair: pair, before: before, after: after, basisPoints: nil, isLarge: false)
            }
            let difference = Int128(after.units) - Int128(before.units)
            let scaled = difference * 10_000
            let old = Int128(before.units)
            // Half away from zero: add half the divisor to the magnitude before dividing.
            let rounded = (scaled.magnitude + old.magnitude / 2) / old.magnitude
            let basisPoints = Int(rounded) * (difference < 0 ? -1 : 1)
            let isLarge = basisPoints.magnitude > thresholdBasisPoints.magnitude
            return Change(pair: pair, before: before, after: after, basisPoints: basisPoints, isLarge: isLarge)
        }
    }

    public var largeMoves: [Change] { changes.filter(\.isLarge) }

    /// One line per large move, dropped pair and added pair.
    public var warnings: [String] {
        let threshold = Self.percent(thresholdBasisPoints, signed: false)
        return changes.compactMap { change in
            if change.isLarge, let percent = change.percentText {
                return
                    "\(change.pair) moves \(percent)% (\(change.before!.decimalString) → \(change.after!.decimalString)), more than the \(threshold)% threshold"
            }
            if change.after == nil, let baselineID {
                return
                    "\(change.pair) is in \(baselineID) but not in this snapshot: once it takes effect, quotes on \(change.pair) are refused with 3003"
            }
            if change.before == nil, baselineID != nil { return "\(change.pair) is new" }
            return nil
        }
    }
}
