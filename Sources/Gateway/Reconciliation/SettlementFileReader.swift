import Corridors
import Foundation
import MekongCore

/// Reads a corridor's settlement file line by line (so memory does not grow with the file) in
/// the format of the partner its spec names (`SettlementFileFormat`, in the partner's folder).
/// Blank lines and the format's header are skipped; each fault names its line.
public struct SettlementFileReader: Sendable {
    typealias Fault = SettlementFileFault

    let format: any SettlementFileFormat

    /// The reader for `spec`'s partner, or nil when that partner sends no settlement file.
    init?(spec: CorridorSpec) {
        guard let format = PartnerSystem(rawValue: spec.partnerSystem)?.partner.settlementFile else { return nil }
        self.format = format
    }

    var currency: Currency { format.currency }

    /// One line; nil for the header and blank lines.
    func read(_ text: String, line: Int) throws(Fault) -> SettlementRow? {
        let trimmed = text.hasSuffix("\r") ? String(text.dropLast()) : text
        if trimmed.trimmingCharacters(in: .whitespaces).isEmpty { return nil }
        if let header = format.header, trimmed == header { return nil }
        return try format.row(trimmed, line: line)
    }
}
