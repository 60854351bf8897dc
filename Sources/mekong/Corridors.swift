import ArgumentParser
import Foundation

/// `mekong corridors list|disable|enable|maintenance`: ops' corridor control over the admin API.
struct CorridorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "corridors", abstract: "List, disable and enable corridors, and schedule maintenance (MEKONG_KEY: an ops or admin key).",
        subcommands: [List.self, Disable.self, Enable.self, Maintenance.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every corridor's live state, reason, queue depth and error rate.")
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call("GET", "/admin/corridors")
            // Failed of finished in the last hour as "1/4": counts, not a percentage of a handful.
            let rows = (answer["data"] as? [[String: Any]] ?? []).map { row in
                row.merging(["failed_of_finished": "\(TableOutput.cell(row["failed_last_hour"]))/\(TableOutput.cell(row["finished_last_hour"]))"]) {
                    $1
                }
            }
            var columns: [(title: String, key: String)] = [
                ("CORRIDOR", "id"), ("STATUS", "status"), ("STATE", "state"), ("REASON", "reason"), ("NEXT OPENING", "next_opening_at"),
                ("QUEUE", "queue_depth"), ("FAILED/1H", "failed_of_finished"), ("RATE AGE S", "rate_age_seconds"),
            ]
            if wide { columns.insert(("SINCE", "since"), at: 4) }
            try TableOutput.print(rows, columns: columns, json: json, raw: answer, wide: wide)
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Close a corridor to new payments; nothing is handed to its partner while closed.")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Option(help: "Why (shown to apps with 5001 and kept in the audit trail).") var reason: String
        @Option(help: "Reopen by itself at this RFC 3339 time.") var until: String?
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            var body: [String: Any] = ["reason": reason]
            if let until { body["until"] = until }
            let answer = try await AdminClient.fromEnvironment().call("POST", "/admin/corridors/\(corridor)/disable", body: body)
            try TableOutput.print(
                [answer],
                columns: [
                    ("CORRIDOR", "corridor"), ("ENABLED", "enabled"), ("REASON", "reason"), ("UNTIL", "until"),
                    ("CHANGED BY", "changed_by"), ("AT", "changed_at"),
                ], json: json, raw: answer, wide: wide)
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reopen a corridor; held payments are handed off.")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Option(help: "Why.") var reason: String?
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call(
                "POST", "/admin/corridors/\(corridor)/enable",
                body: reason.map { ["reason": $0] } ?? [:])
            try TableOutput.print(
                [answer],
                columns: [
                    ("CORRIDOR", "corridor"), ("ENABLED", "enabled"), ("REASON", "reason"),
                    ("CHANGED BY", "changed_by"), ("AT", "changed_at"),
                ], json: json, raw: answer, wide: wide)
        }
    }

    struct Maintenance: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Schedule, list or cancel maintenance windows: no hand-offs inside one, new payments refused with 5001.",
            subcommands: [Schedule.self, Show.self, Cancel.self], defaultSubcommand: Show.self)

        static let columns: [(title: String, key: String)] = [
            ("ID", "id"), ("STARTS", "starts_at"), ("ENDS", "ends_at"), ("REASON", "reason"), ("CANCELLED", "cancelled_at"),
        ]

        struct Schedule: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Schedule a window (at most 7 days long).")
            @Argument(help: "The corridor, e.g. KH-MY.") var corridor: String
            @Option(help: "Start, RFC 3339 (e.g. 2026-11-23T01:00:00+07:00).") var start: String
            @Option(help: "End, RFC 3339.") var end: String
            @Option(help: "Why (shown to apps with 5001 and in the corridor status).") var reason: String
            @Flag(help: "Print JSON.") var json = false
            @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

            func run() async throws {
                let answer = try await AdminClient.fromEnvironment().call(
                    "POST", "/admin/corridors/\(corridor)/maintenance",
                    body: ["starts_at": start, "ends_at": end, "reason": reason])
                try TableOutput.print([answer], columns: Maintenance.columns, json: json, raw: answer, wide: wide)
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List a corridor's windows still to come or under way.")
            @Argument(help: "The corridor, e.g. KH-MY.") var corridor: String
            @Flag(help: "Print JSON.") var json = false
            @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

            func run() async throws {
                let answer = try await AdminClient.fromEnvironment().call("GET", "/admin/corridors/\(corridor)/maintenance")
                try TableOutput.print(answer["data"] as? [[String: Any]] ?? [], columns: Maintenance.columns, json: json, raw: answer, wide: wide)
            }
        }

        struct Cancel: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Cancel a window; held payments resume.")
            @Argument(help: "The corridor.") var corridor: String
            @Argument(help: "The window id (mnt_…).") var id: String
            @Flag(help: "Print JSON.") var json = false
            @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

            func run() async throws {
                let answer = try await AdminClient.fromEnvironment().call("DELETE", "/admin/corridors/\(corridor)/maintenance/\(id)")
                try TableOutput.print([answer], columns: Maintenance.columns, json: json, raw: answer, wide: wide)
            }
        }
    }
}
