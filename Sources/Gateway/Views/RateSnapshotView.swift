import FX
import Foundation
import MekongCore
import Store

/// A rate snapshot as treasury sees it: its rates, where it is in maker-checker, and (when
/// asked) its diff against the snapshot before it.
struct RateSnapshotView: Encodable {
    struct ChangeView: Encodable {
        let pair: String
        let before: String?
        let after: String?
        /// Signed percentage with two decimals ("+2.15"); null for a pair added or dropped.
        let changePercent: String?
        let large: Bool
    }
    struct DiffView: Encodable {
        /// The snapshot compared against: the one in force before this one's effective time.
        let against: String?
        let thresholdPercent: String
        let changes: [ChangeView]
        let largeMoves: Int
        let warnings: [String]

        init(_ diff: RateSnapshotDiff, extraWarnings: [String] = []) {
            against = diff.baselineID
            thresholdPercent = RateSnapshotDiff.percent(diff.thresholdBasisPoints, signed: false)
            changes = diff.changes.map {
                ChangeView(
                    pair: $0.pair.description, before: $0.before?.decimalString, after: $0.after?.decimalString,
                    changePercent: $0.percentText, large: $0.isLarge)
            }
            largeMoves = diff.largeMoves.count
            warnings = diff.warnings + extraWarnings
        }
    }

    let id: String
    let provider: String
    let effectiveAt: String
    let status: String
    let source: String
    let rates: [String: String]
    let uploadedBy: String?
    let uploadedAt: String?
    let decidedBy: String?
    let decidedAt: String?
    let decisionNote: String?
    let inForceFrom: String?
    let diff: DiffView?

    init(_ record: RateSnapshotRecord, diff: DiffView?) {
        id = record.id
        provider = record.provider
        effectiveAt = RFC3339.string(from: record.effectiveAt)
        status = record.status.rawValue
        source = record.sourceFormat
        rates = record.rates
        uploadedBy = record.uploadedBy
        uploadedAt = RFC3339.string(from: record.uploadedAt)
        decidedBy = record.decidedBy
        decidedAt = record.decidedAt.map(RFC3339.string(from:))
        decisionNote = record.decisionNote
        inForceFrom = record.inForceFrom.map(RFC3339.string(from:))
        self.diff = diff
    }

    /// A snapshot loaded from `rates/` at start-up: approved by configuration.
    init(file snapshot: RateSnapshot) {
        id = snapshot.id
        provider = snapshot.provider
        effectiveAt = RFC3339.string(from: snapshot.effectiveAt)
        status = "approved"
        source = snapshot.isSample ? "rates/ (sample)" : "rates/"
        rates = Dictionary(uniqueKeysWithValues: snapshot.rates.map { ($0.key.description, $0.value.decimalString) })
        uploadedBy = nil
        uploadedAt = nil
        decidedBy = nil
        decidedAt = nil
        decisionNote = nil
        inForceFrom = effectiveAt
        diff = nil
    }
}
