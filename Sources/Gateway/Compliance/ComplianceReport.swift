import Foundation
import MekongCore
import Store

/// The daily compliance report (CSV), for one business day in Phnom Penh:
/// - every payment accepted that day whose Cambodian-side amount (the source of an outbound
///   payment, the credit of an inbound one) is at or over the reporting threshold in its
///   currency (`compliance.report_threshold_usd`, USD 10,000, the FIU's cash-transaction
///   threshold, and `compliance.report_threshold_khr`, its KHR equivalent);
/// - every payment held for review that day, with its decision, who made it and why.
///
/// Accounts are masked to their last four characters; match details stay in the review.
struct ComplianceReport: Sendable {
    let reports: ComplianceReportRepository
    let reviews: ScreeningReviewRepository
    let thresholds: [Currency: Money]

    static let header = [
        "section", "payment_id", "created_at", "corridor", "direction", "payment_type", "state", "amount", "currency",
        "payer_name", "payer_account", "beneficiary_name", "beneficiary_account", "hold_status", "top_score", "decided_by",
        "decided_at", "reason",
    ]

    /// The thresholds from their configured text (validated when the configuration was read).
    static func thresholds(usd: String, khr: String) -> [Currency: Money] {
        var thresholds: [Currency: Money] = [:]
        for (text, currency) in [(usd, Currency.USD), (khr, .KHR)] {
            if let money = try? Money(parsing: text, currency: currency) { thresholds[currency] = money }
        }
        return thresholds
    }

    /// The report of `day` (`YYYY-MM-DD`).
    func csv(day: String) async throws -> String {
        guard let (from, to) = Self.bounds(of: day) else { throw APIError(.invalidRequest, "query 'date' must be a date, YYYY-MM-DD") }
        var lines = [Self.header.joined(separator: ",")]
        for (payment, amount) in try await reports.largePayments(from: from, to: to, thresholds: Array(thresholds.values)) {
            lines.append(Self.row("threshold", payment, amount: amount, review: nil))
        }
        let held = try await reviews.opened(from: from, to: to)
        for review in held {
            guard let payment = try await reports.payment(id: review.paymentID) else { continue }
            lines.append(Self.row("hold", payment, amount: Self.cambodianSide(payment), review: review))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The Cambodian side of a payment: what the payer sent outbound, what the payee got inbound.
    static func cambodianSide(_ p: PaymentRecord) -> Money { p.direction == .outbound ? p.sourceAmount : p.destinationAmount }

    /// Midnight to midnight in Phnom Penh.
    static func bounds(of day: String) -> (Date, Date)? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard day.count == 10, parts.count == 3 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = SenderAllowance.zone
        guard (1...12).contains(parts[1]), (1...31).contains(parts[2]),
            let from = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            calendar.component(.day, from: from) == parts[2],
            let to = calendar.date(byAdding: .day, value: 1, to: from)
        else { return nil }
        return (from, to)
    }

    private static func row(_ section: String, _ p: PaymentRecord, amount: Money, review: ScreeningReviewRecord?) -> String {
        [
            section, p.id, RFC3339.string(from: p.createdAt), p.corridorID, p.direction.rawValue, p.paymentType.rawValue, p.state.rawValue,
            amount.decimalString, amount.currency.code, p.payerName, AccountMask.mask(p.payerAccount), p.beneficiaryName,
            AccountMask.mask(p.beneficiaryAccount), review?.status.rawValue ?? "", review.map { PartyScreening.figure($0.topScore) } ?? "",
            review?.decidedBy ?? "", review?.decidedAt.map(RFC3339.string(from:)) ?? "", review?.reason ?? "",
        ].map(field).joined(separator: ",")
    }

    /// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; a
    /// field that a spreadsheet would read as a formula is prefixed with a quote mark.
    static func field(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first), Double(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
