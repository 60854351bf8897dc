import ArgumentParser
import Foundation

/// `mekong rates …`: treasury's rate snapshots over the admin API, under maker-checker.
struct RatesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rates", abstract: "Upload, review and approve FX rate snapshots (MEKONG_KEY: a treasury key).",
        subcommands: [Import.self, Approve.self, Reject.self, List.self, Diff.self, History.self])

    static let columns: [(title: String, key: String)] = [
        ("ID", "id"), ("PROVIDER", "provider"), ("EFFECTIVE", "effective_at"), ("STATUS", "status"), ("SOURCE", "source"),
        ("UPLOADED BY", "uploaded_by"), ("DECIDED BY", "decided_by"), ("IN FORCE FROM", "in_force_from"),
    ]

    /// Prints a snapshot, then its diff and warnings.
    static func printSnapshot(_ answer: [String: Any], json: Bool, wide: Bool) throws {
        if json { return try TableOutput.print([], columns: [], json: true, raw: answer) }
        try TableOutput.print([answer], columns: columns, json: false, raw: answer, wide: wide)
        if let diff = answer["diff"] as? [String: Any] {
            print("")
            try printDiff(diff, wide: wide)
        }
    }

    static func printDiff(_ diff: [String: Any], wide: Bool) throws {
        print("against \(TableOutput.cell(diff["against"])) (large move: more than \(TableOutput.cell(diff["threshold_percent"]))%)")
        let changes = (diff["changes"] as? [[String: Any]] ?? []).map { change -> [String: Any] in
            var row = change
            row["flag"] = (change["large"] as? Bool) == true ? "LARGE" : ""
            return row
        }
        try TableOutput.print(
            changes, columns: [("PAIR", "pair"), ("BEFORE", "before"), ("AFTER", "after"), ("CHANGE %", "change_percent"), ("", "flag")],
            json: false, raw: diff, wide: wide)
        for warning in diff["warnings"] as? [String] ?? [] { print("warning: \(warning)") }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Upload a snapshot file (YAML as in rates/, or CSV: provider,effective_at,pair,rate). It waits for a second treasury key's approval.")
        @Argument(help: "The file; .csv is sent as CSV, anything else as YAML.") var file: String
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
            let csv = file.lowercased().hasSuffix(".csv")
            let answer = try await AdminClient.fromEnvironment().send(
                "POST", "/admin/rates", bytes: Array(data),
                contentType: csv ? "text/csv" : "application/yaml")
            try RatesCommand.printSnapshot(answer, json: json, wide: wide)
            if !json { print("\npending: a second treasury key approves it with `mekong rates approve \(TableOutput.cell(answer["id"]))`") }
        }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a pending snapshot (not your own); it takes effect at its effective time.")
        @Argument(help: "The snapshot id, e.g. NBC@2026-11-23T00:00:00Z.") var id: String
        @Option(help: "A note for the audit trail.") var note: String?
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call(
                "POST", "/admin/rates/\(RatesCommand.escaped(id))/approve",
                body: note.map { ["note": $0] } ?? [:])
            try RatesCommand.printSnapshot(answer, json: json, wide: wide)
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a pending snapshot, with the reason.")
        @Argument(help: "The snapshot id.") var id: String
        @Option(help: "Why (kept in the audit trail).") var reason: String
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call(
                "POST", "/admin/rates/\(RatesCommand.escaped(id))/reject", body: ["reason": reason])
            try RatesCommand.printSnapshot(answer, json: json, wide: wide)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List uploaded snapshots, newest first.")
        @Option(help: "pending, approved or rejected.") var status: String?
        @Option(help: "One provider, e.g. NBC.") var provider: String?
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            var query: [String] = []
            if let status { query.append("status=\(status)") }
            if let provider { query.append("provider=\(RatesCommand.escaped(provider))") }
            let answer = try await AdminClient.fromEnvironment().call(
                "GET", "/admin/rates" + (query.isEmpty ? "" : "?" + query.joined(separator: "&")))
            try TableOutput.print(answer["data"] as? [[String: Any]] ?? [], columns: RatesCommand.columns, json: json, raw: answer, wide: wide)
        }
    }

    struct Diff: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a snapshot's change from the one in force before it, flagging large moves.")
        @Argument(help: "The snapshot id.") var id: String
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call("GET", "/admin/rates/\(RatesCommand.escaped(id))/diff")
            if json { try TableOutput.print([], columns: [], json: true, raw: answer) } else { try RatesCommand.printDiff(answer, wide: wide) }
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The snapshots in force over time, latest first.")
        @Option(help: "One provider, e.g. NBC.") var provider: String?
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Add who uploaded and approved each snapshot (wider than 120 columns).") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().all(
                "/admin/rates/history" + (provider.map { "?provider=\(RatesCommand.escaped($0))" } ?? ""))
            var columns: [(title: String, key: String)] = [
                ("ID", "id"), ("PROVIDER", "provider"), ("IN FORCE FROM", "in_force_from"), ("UNTIL", "in_force_until"), ("SOURCE", "source"),
            ]
            if wide { columns += [("UPLOADED BY", "uploaded_by"), ("APPROVED BY", "approved_by")] }
            try TableOutput.print(answer["data"] as? [[String: Any]] ?? [], columns: columns, json: json, raw: answer, wide: wide)
        }
    }

    /// Percent-escapes a path segment or query value (snapshot ids carry ':' and '+').
    static func escaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~@:"))) ?? text
    }
}
