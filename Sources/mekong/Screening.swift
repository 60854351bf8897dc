import ArgumentParser
import Foundation

/// `mekong screening …`: compliance's sanctions lists (under maker-checker), held payments'
/// reviews and the daily report, over the admin API (MEKONG_KEY: a compliance key).
struct ScreeningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screening",
        abstract: "Import and approve sanctions lists, review held payments, and fetch the daily report (MEKONG_KEY: a compliance key).",
        subcommands: [Import.self, Approve.self, Reject.self, Lists.self, Reviews.self, Release.self, Decline.self, Report.self])

    static let listColumns: [(title: String, key: String)] = [
        ("ID", "id"), ("LIST", "list"), ("SOURCE", "source"), ("PUBLISHED", "published_at"), ("ENTRIES", "entry_count"),
        ("STATUS", "status"), ("IN FORCE", "in_force"), ("UPLOADED BY", "uploaded_by"), ("DECIDED BY", "decided_by"),
    ]

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a list in its publisher's format; it waits for a second compliance key's approval.",
            discussion: """
                mekong screening import --source un consolidated.xml
                mekong screening import --source ofac --published 2026-12-03 sdn.csv alt.csv
                mekong screening import --source local --name "Cambodia FIU" --published 2026-11-30 fiu.csv
                """)
        @Option(help: "un, ofac or local.") var source: String
        @Option(help: "A local list's name, such as \"Cambodia FIU\".") var name: String?
        @Option(help: "The publisher's date of issue (YYYY-MM-DD) for OFAC and local lists; the UN file states its own.") var published: String?
        @Argument(help: "The file (UN XML or local CSV), or OFAC's sdn.csv then alt.csv.") var files: [String]
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let fields = source == "ofac" ? ["sdn", "alt"] : ["file"]
            guard files.count == fields.count else {
                throw ValidationError(source == "ofac" ? "OFAC's list is two files: sdn.csv then alt.csv" : "give one file")
            }
            var parts: [(name: String, bytes: [UInt8], file: String?)] = [("source", Array(source.utf8), nil)]
            if let name { parts.append(("name", Array(name.utf8), nil)) }
            if let published { parts.append(("published_at", Array(published.utf8), nil)) }
            for (field, path) in zip(fields, files) {
                guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read \(path)") }
                parts.append((field, Array(data), (path as NSString).lastPathComponent))
            }
            let boundary = "mekong-" + UUID().uuidString
            let answer = try await AdminClient.fromEnvironment().send(
                "POST", "/admin/sanctions/lists", bytes: Self.form(parts, boundary: boundary),
                contentType: "multipart/form-data; boundary=\(boundary)")
            try TableOutput.print([answer], columns: ScreeningCommand.listColumns, json: json, raw: answer)
            if !json { print("\npending: a second compliance key approves it with `mekong screening approve \(TableOutput.cell(answer["id"]))`") }
        }

        static func form(_ parts: [(name: String, bytes: [UInt8], file: String?)], boundary: String) -> [UInt8] {
            var body: [UInt8] = []
            for part in parts {
                let filename = part.file.map { "; filename=\"\($0)\"" } ?? ""
                body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"\(filename)\r\n\r\n".utf8)
                body += part.bytes + Array("\r\n".utf8)
            }
            return body + Array("--\(boundary)--\r\n".utf8)
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a pending import (not your own); it is in force at once.")
        @Argument(help: "The import's id (sl_…).") var id: String
        @Option(help: "A note for the audit trail.") var note: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call(
                "POST", "/admin/sanctions/lists/\(RatesCommand.escaped(id))/approve", body: note.map { ["note": $0] } ?? [:])
            try TableOutput.print([answer], columns: ScreeningCommand.listColumns, json: json, raw: answer)
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a pending import, with the reason.")
        @Argument(help: "The import's id (sl_…).") var id: String
        @Option(help: "Why (kept in the audit trail).") var reason: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call(
                "POST", "/admin/sanctions/lists/\(RatesCommand.escaped(id))/reject", body: ["reason": reason])
            try TableOutput.print([answer], columns: ScreeningCommand.listColumns, json: json, raw: answer)
        }
    }

    struct Lists: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The lists in force, with their age; with --imports, every import newest first.")
        @Flag(help: "List imports (pending, approved, rejected) instead of the lists in force.") var imports = false
        @Option(help: "With --imports: pending, approved or rejected.") var status: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let client = try AdminClient.fromEnvironment()
            if imports {
                let answer = try await client.all("/admin/sanctions/lists" + (status.map { "?status=\($0)" } ?? ""))
                return try TableOutput.print(answer["data"] as? [[String: Any]] ?? [], columns: ScreeningCommand.listColumns, json: json, raw: answer)
            }
            let answer = try await client.call("GET", "/admin/sanctions/in-force")
            let rows = (answer["data"] as? [[String: Any]] ?? []).map { row -> [String: Any] in
                var row = row
                row["age_days"] = ((row["age_seconds"] as? Int) ?? 0) / 86_400
                row["flag"] = (row["stale"] as? Bool) == true ? "STALE" : ""
                return row
            }
            try TableOutput.print(
                rows,
                columns: [
                    ("LIST", "list"), ("SOURCE", "source"), ("ENTRIES", "entry_count"), ("PUBLISHED", "published_at"),
                    ("AGE (DAYS)", "age_days"), ("", "flag"), ("ID", "id"),
                ], json: json, raw: answer)
        }
    }

    struct Reviews: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Payments held for review (open by default), or one review in full.")
        @Argument(help: "A payment id: show its review, both names, the entries and the scores.") var payment: String?
        @Option(help: "open, released or rejected.") var status = "open"
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let client = try AdminClient.fromEnvironment()
            if let payment {
                let answer = try await client.call("GET", "/admin/screening/reviews/\(RatesCommand.escaped(payment))")
                if json { return try TableOutput.print([], columns: [], json: true, raw: answer) }
                try TableOutput.print(
                    [answer], columns: [("PAYMENT", "payment_id"), ("CORRIDOR", "corridor"), ("STATUS", "status"), ("TOP SCORE", "top_score")],
                    json: false, raw: answer)
                print("")
                try TableOutput.print(
                    answer["hits"] as? [[String: Any]] ?? [],
                    columns: [
                        ("PARTY", "party"), ("NAME", "name"), ("LIST", "list"), ("ENTRY", "reference"), ("MATCHED", "matched_name"),
                        ("SCORE", "score"),
                    ], json: false, raw: answer)
                return
            }
            let answer = try await client.all("/admin/screening/reviews?status=\(RatesCommand.escaped(status))")
            try TableOutput.print(
                answer["data"] as? [[String: Any]] ?? [],
                columns: [
                    ("PAYMENT", "payment_id"), ("CORRIDOR", "corridor"), ("DIRECTION", "direction"), ("STATUS", "status"),
                    ("TOP SCORE", "top_score"), ("HELD AT", "created_at"), ("DECIDED BY", "decided_by"),
                ], json: json, raw: answer)
        }
    }

    struct Release: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Release a held payment: it is handed off as usual.")
        @Argument(help: "The payment id.") var payment: String
        @Option(help: "Why (kept in the audit trail).") var reason: String

        func run() async throws { try await ScreeningCommand.decide(payment, "release", reason: reason) }
    }

    struct Decline: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject-payment", abstract: "Reject a held payment: REJECTED with 6002, nothing sent to the partner.")
        @Argument(help: "The payment id.") var payment: String
        @Option(help: "Why (kept in the audit trail).") var reason: String

        func run() async throws { try await ScreeningCommand.decide(payment, "reject", reason: reason) }
    }

    /// Releases or rejects a held payment's review, and says which.
    static func decide(_ payment: String, _ action: String, reason: String) async throws {
        let answer = try await AdminClient.fromEnvironment().call(
            "POST", "/admin/screening/reviews/\(RatesCommand.escaped(payment))/\(action)", body: ["reason": reason])
        print("\(TableOutput.cell(answer["payment_id"])) \(TableOutput.cell(answer["status"]))")
    }

    struct Report: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The day's report (CSV): payments at or over the reporting threshold, and every hold with its decision.")
        @Option(help: "The business day in Phnom Penh, YYYY-MM-DD.") var date: String

        func run() async throws {
            let csv = try await AdminClient.fromEnvironment().raw("GET", "/admin/compliance/report?date=\(RatesCommand.escaped(date))")
            FileHandle.standardOutput.write(Data(csv))
        }
    }
}
