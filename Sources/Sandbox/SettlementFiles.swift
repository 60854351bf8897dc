import Foundation
import Hummingbird

/// Each partner's daily settlement file, made from its own ledger by its own writer (in the
/// partner's folder, listed in `SandboxPartners`), for its own business day in its own time
/// zone. `GET /sandbox/settlement/{corridor}?date=2026-11-21`. Only settled transfers are listed.
struct SettlementFiles {
    let ledger: SandboxLedger

    func register(on router: Router<SandboxContext>) {
        router.get("sandbox/settlement/:corridor") { request, context in
            let corridor = try context.parameters.require("corridor")
            guard let writer = SandboxPartners.settlementWriter(for: corridor) else {
                let corridors = SandboxPartners.settlementWriters.map(\.corridor).joined(separator: ", ")
                return PromptPaySimulator.json(.notFound, ["error": "the sandbox makes settlement files for \(corridors)"])
            }
            guard let date = request.uri.queryParameters.get("date"), let day = Self.day(date, in: writer.timeZone) else {
                return PromptPaySimulator.json(.badRequest, ["error": "date=YYYY-MM-DD is required"])
            }
            var lines: [String] = writer.header.map { [$0] } ?? []
            for transfer in await ledger.all()
            where transfer.corridor == corridor && ["ACSC", "ACCP"].contains(transfer.status)
                && day.contains(transfer.receivedAt)
            {
                lines.append(writer.row(transfer, minor: writer.minor(transfer.amount), fee: writer.feeMinor))
            }
            return Response(
                status: .ok, headers: [.contentType: writer.contentType],
                body: .init(byteBuffer: ByteBuffer(string: lines.joined(separator: "\n") + "\n")))
        }
    }

    /// The day `date` in a time zone, as an interval.
    static func day(_ date: String, in zone: TimeZone) -> DateInterval? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let start = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
            let end = calendar.date(byAdding: .day, value: 1, to: start)
        else { return nil }
        return DateInterval(start: start, end: end)
    }
}
