public import Foundation
public import MekongCore

/// How one partner writes its daily settlement file. Column names, separators, amount units
/// and time zones differ from partner to partner (the sandbox writes each one the same way);
/// each partner's folder holds its own format, and `PartnerSystem` names it.
public protocol SettlementFileFormat: Sendable {
    /// The currency of the file's amounts; start-up checks it against the corridor spec's
    /// `currencies.settlement`.
    var currency: Currency { get }
    /// The header line the file starts with, if the format has one.
    var header: String? { get }
    /// One data line (neither blank nor the header), in Mekong's terms.
    func row(_ text: String, line: Int) throws(SettlementFileFault) -> SettlementRow
}

extension SettlementFileFormat {
    /// An amount in the file's currency, or the fault that names the line.
    public func money(_ text: String, line: Int) throws(SettlementFileFault) -> Money {
        do { return try Money(parsing: text, currency: currency) } catch {
            throw SettlementFileFault(line: line, reason: "'\(text)' is not a \(currency.code) amount: \(error)")
        }
    }

    /// `yyyy-MM-dd HH:mm:ss` in a time zone, parsed without DateFormatter.
    public func localTime(_ text: String, zone: String) -> Date? {
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == ":" }).compactMap { Int($0) }
        guard parts.count == 6, let timeZone = TimeZone(identifier: zone) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5]))
    }
}
