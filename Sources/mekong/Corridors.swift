import ArgumentParser
import Foundation

/// `mekong corridors list|disable|enable`: ops' corridor control over the admin API.
struct CorridorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridors", abstract: "List, disable and enable corridors (MEKONG_KEY: an ops or admin key).",
        subcommands: [List.self, Disable.self, Enable.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every corridor's live state, reason, queue depth and error rate.")
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call("GET", "/admin/corridors")
            try TableOutput.print(answer["data"] as? [[String: Any]] ?? [], columns: [
                ("CORRIDOR", "id"), ("STATUS", "status"), ("STATE", "state"), ("REASON", "reason"), ("SINCE", "since"),
                ("QUEUE", "queue_depth"), ("ERRORS/1H", "error_rate_last_hour"), ("RATE AGE S", "rate_age_seconds"),
            ], json: json, raw: answer)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a corridor to new payments; nothing is handed to its partner while closed.")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Option(help: "Why (shown to apps with 5001 and kept in the audit trail).") var reason: String
        @Option(help: "Reopen by itself at this RFC 3339 time.") var until: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var body: [String: Any] = ["reason": reason]
            if let until { body["until"] = until }
            let answer = try await AdminClient.fromEnvironment().call("POST", "/admin/corridors/\(corridor)/disable", body: body)
            try TableOutput.print([answer], columns: [("CORRIDOR", "corridor"), ("ENABLED", "enabled"), ("REASON", "reason"), ("UNTIL", "until"),
                                                      ("CHANGED BY", "changed_by"), ("AT", "changed_at")], json: json, raw: answer)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopen a corridor; held payments are handed off.")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Option(help: "Why.") var reason: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call("POST", "/admin/corridors/\(corridor)/enable",
                                                                      body: reason.map { ["reason": $0] } ?? [:])
            try TableOutput.print([answer], columns: [("CORRIDOR", "corridor"), ("ENABLED", "enabled"), ("REASON", "reason"),
                                                      ("CHANGED BY", "changed_by"), ("AT", "changed_at")], json: json, raw: answer)
        }
    }
}
