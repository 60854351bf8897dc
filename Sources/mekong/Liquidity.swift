import ArgumentParser
import Foundation

/// `mekong liquidity …`: treasury's prefunded positions over the admin API: what each corridor
/// holds, and top-ups and adjustments under maker-checker (MEKONG_KEY: a treasury key).
struct LiquidityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liquidity",
        abstract: "See corridors' prefunded positions; top up and adjust them under maker-checker (MEKONG_KEY: a treasury key).",
        subcommands: [Positions.self, Topup.self, Adjust.self, Approve.self, Reject.self, Requests.self])

    static let requestColumns: [(title: String, key: String)] = [
        ("ID", "id"), ("CORRIDOR", "corridor"), ("KIND", "kind"), ("AMOUNT", "amount_text"), ("STATUS", "status"), ("BY", "requested_by"),
        ("DECIDED BY", "decided_by"), ("NOTE", "note"),
    ]

    static func withAmount(_ row: [String: Any]) -> [String: Any] {
        var row = row
        for key in ["amount", "balance", "reserved", "available", "low_water", "critical"] {
            if let money = row[key] as? [String: Any] {
                row[key + "_text"] = "\(money["currency"] as? String ?? "") \(money["amount"] as? String ?? "")"
            }
        }
        return row
    }

    struct Positions: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each prefunded corridor: balance, reserved, available, level and queue.")
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call("GET", "/admin/liquidity/positions")
            try TableOutput.print(
                (answer["data"] as? [[String: Any]] ?? []).map(LiquidityCommand.withAmount),
                columns: [
                    ("CORRIDOR", "corridor"), ("BALANCE", "balance_text"), ("RESERVED", "reserved_text"), ("AVAILABLE", "available_text"),
                    ("LEVEL", "level"), ("LOW WATER", "low_water_text"), ("QUEUED", "queued"),
                ], json: json, raw: answer)
        }
    }

    struct Topup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Request a top-up; a second treasury key approves it.")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Argument(help: "The amount in its settlement currency, e.g. 2500000.00.") var amount: String
        @Option(help: "The currency (the corridor's settlement currency).") var currency: String
        @Option(help: "What it is (kept in the audit trail), e.g. the bank's transfer reference.") var note: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await LiquidityCommand.request("/admin/liquidity/topups", corridor, amount, currency, note, json: json)
        }
    }

    struct Adjust: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Request an adjustment, up or down (e.g. -1200.00), with its reason.")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Argument(help: "The signed amount in its settlement currency.") var amount: String
        @Option(help: "The currency.") var currency: String
        @Option(help: "Why (kept in the audit trail).") var note: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            try await LiquidityCommand.request("/admin/liquidity/adjustments", corridor, amount, currency, note, json: json)
        }
    }

    static func request(_ path: String, _ corridor: String, _ amount: String, _ currency: String, _ note: String, json: Bool) async throws {
        let answer = try await AdminClient.fromEnvironment().call(
            "POST", path, body: ["corridor": corridor, "amount": ["amount": amount, "currency": currency], "note": note])
        try TableOutput.print([withAmount(answer)], columns: requestColumns, json: json, raw: answer)
        if !json { print("\npending: a second treasury key approves it with `mekong liquidity approve \(TableOutput.cell(answer["id"]))`") }
    }

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Approve a pending top-up or adjustment (not your own); the queue then goes.")
        @Argument(help: "The request's id (liq_…).") var id: String
        @Option(help: "A note for the audit trail.") var note: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call(
                "POST", "/admin/liquidity/requests/\(RatesCommand.escaped(id))/approve", body: note.map { ["note": $0] } ?? [:])
            try TableOutput.print([LiquidityCommand.withAmount(answer)], columns: LiquidityCommand.requestColumns, json: json, raw: answer)
        }
    }

    struct Reject: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reject a pending top-up or adjustment, with the reason.")
        @Argument(help: "The request's id (liq_…).") var id: String
        @Option(help: "Why (kept in the audit trail).") var reason: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call(
                "POST", "/admin/liquidity/requests/\(RatesCommand.escaped(id))/reject", body: ["reason": reason])
            try TableOutput.print([LiquidityCommand.withAmount(answer)], columns: LiquidityCommand.requestColumns, json: json, raw: answer)
        }
    }

    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Top-ups and adjustments, newest first.")
        @Option(help: "pending, approved or rejected.") var status: String?
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().all("/admin/liquidity/requests" + (status.map { "?status=\($0)" } ?? ""))
            try TableOutput.print(
                (answer["data"] as? [[String: Any]] ?? []).map(LiquidityCommand.withAmount), columns: LiquidityCommand.requestColumns, json: json,
                raw: answer)
        }
    }
}
