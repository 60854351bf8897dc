import Compliance
import Foundation
import MekongCore
import Store

/// Screens both parties of a cross-border payment against the lists in force: the Cambodian
/// payer and the foreign beneficiary of an outbound payment, the foreign payer and the
/// Cambodian payee of an inbound credit (a KHQR cross-border claim is one). The countries are
/// the corridor's: Cambodia on the Bakong side, the partner's country on the other.
///
/// A possible match gives the review a reviewer reads: each party's name, the list entry, the
/// name it matched and the score with what moved it. None of it reaches the app.
struct PartyScreening: Sendable {
    let board: ScreeningBoard

    /// One party's possible match, as the reviewer sees it.
    struct Finding: Encodable {
        let party: String
        let name: String
        let country: String
        let list: String
        let listID: String
        let reference: String
        let kind: String
        let entryNames: [String]
        let matchedName: String
        let score: String
        let nameScore: String
        let adjustments: [String]
        let datesOfBirth: [String]
        let countries: [String]
        let program: String
    }

    /// The review to open when either party may be on a list; nil when both are clear.
    func review(of payment: PaymentRecord, partnerCountry: String, at now: Date) throws -> ScreeningReviewRecord? {
        let outbound = payment.direction == .outbound
        let parties = [
            ("payer", payment.payerName, outbound ? "KH" : partnerCountry),
            ("beneficiary", payment.beneficiaryName, outbound ? partnerCountry : "KH"),
        ]
        var findings: [Finding] = []
        var top = 0.0
        for (party, name, country) in parties {
            for (list, hit) in board.screen(ScreeningSubject(name: name, country: country)) {
                top = max(top, hit.score)
                findings.append(
                    Finding(
                        party: party, name: name, country: country, list: list.name, listID: list.id, reference: hit.entry.reference,
                        kind: hit.entry.kind.rawValue, entryNames: hit.entry.names, matchedName: hit.matchedName,
                        score: Self.figure(hit.score), nameScore: Self.figure(hit.nameScore), adjustments: hit.adjustments,
                        datesOfBirth: hit.entry.datesOfBirth, countries: hit.entry.countries, program: hit.entry.program))
            }
        }
        guard !findings.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return ScreeningReviewRecord(
            paymentID: payment.id, corridorID: payment.corridorID, direction: payment.direction.rawValue,
            hits: String(decoding: try encoder.encode(findings), as: UTF8.self), topScore: top, createdAt: now)
    }

    /// A score as the reviewer reads it: three decimals.
    static func figure(_ score: Double) -> String { String(format: "%.3f", score) }
}
