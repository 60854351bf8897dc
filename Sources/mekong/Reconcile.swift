import ArgumentParser
import Foundation
import Gateway

/// `mekong reconcile --corridor KH-MY --date 2026-11-21 FILE`: reconciles a partner's
/// settlement file over the admin API and prints the report and the open exceptions.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Reconcile a partner's daily settlement file (MEKONG_KEY: an ops or treasury key). The same file twice changes nothing.")

    @Option(help: "The corridor whose file it is, e.g. KH-MY (every corridor in service; the file is read in its partner's format).") var corridor:
        String
    @Option(help: "The business day, YYYY-MM-DD (Asia/Phnom_Penh).") var date: String
    @Argument(help: "The settlement file, as the partner sent it.") var file: String
    @Flag(help: "Print the report as JSON.") var json = false
    @Flag(help: "Print the report as CSV.") var csv = false

    func validate() throws {
        guard !(json && csv) else { throw ValidationError("choose --json or --csv, not both") }
    }

    func run() async throws {
        guard let handle = FileHandle(forReadingAtPath: file) else { throw ValidationError("cannot read \(file)") }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        var bytes: [UInt8] = []
        bytes.reserveCapacity(size)
        let chunk = 4 << 20
        while let data = try handle.read(upToCount: chunk), !data.isEmpty {
            bytes.append(contentsOf: data)
            if size > chunk { progress("read \(megabytes(bytes.count)) of \(megabytes(size)) MB") }
        }
        try handle.close()
        if size > chunk { progress("reconciling \(megabytes(size)) MB…") }
        let client = try AdminClient.fromEnvironment()
        let report = try await client.send("POST", "/admin/reconciliations?corridor=\(corridor)&date=\(date)", bytes: bytes, contentType: "text/csv")
        if size > chunk { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if json { return try TableOutput.print([], columns: [], json: true, raw: report) }
        let id = report["id"] as? String ?? ""
        if csv {
            print(String(decoding: try await client.raw("GET", "/admin/reconciliations/\(id)?format=csv"), as: UTF8.self), terminator: "")
            return
        }
        let currency = report["currency"] as? String ?? ""
        print("reconciliation \(id): \(corridor) \(date), \(report["total_transactions"] ?? 0) rows, \(currency)")
        let totals = report["totals"] as? [String: [String: Any]] ?? [:]
        let order = ["matched", "amount_mismatch", "missing_at_gateway", "missing_in_file", "state_mismatch", "duplicate_in_file", "timing"]
        try TableOutput.print(
            order.map { ["class": $0, "count": totals[$0]?["count"] ?? 0, "value": totals[$0]?["value"] ?? "0"] },
            columns: [("CLASS", "class"), ("COUNT", "count"), ("VALUE", "value")], json: false, raw: report)
        print(
            "total \(report["total_value"] ?? "-")  fees \(report["fees"] ?? "-")  net settlement \(report["net_settlement"] ?? "-")  promoted \((report["promoted"] as? [Any])?.count ?? 0)"
        )
        let open = try await client.call("GET", "/admin/reconciliations/\(id)/exceptions?status=open&limit=50")
        let rows = open["data"] as? [[String: Any]] ?? []
        if !rows.isEmpty {
            print("")
            try TableOutput.print(
                rows, columns: [("EXCEPTION", "id"), ("CLASS", "class"), ("REFERENCE", "reference"), ("DETAIL", "detail")], json: false, raw: open)
        }
    }

    private func megabytes(_ bytes: Int) -> String {
        let tenths = bytes * 10 / (1 << 20)
        return "\(tenths / 10).\(tenths % 10)"
    }

    private func progress(_ text: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[K\(text)".utf8))
    }
}
