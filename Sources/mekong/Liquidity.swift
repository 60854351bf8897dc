import ArgumentParser
import Foundation

/// `mekong liquidity …`: treasury's prefunded positions over the admin API: what each corridor
/// holds, and top-ups and adjustments under maker-checker (MEKONG_KEY: a treasury key).
struct LiquidityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liquidity",
        abstract: "See corridors' prefunded positions; top up and adjust them under maker-checker (MEKONG_KEY: a treasury key).",
        subcommands: [
            Positions.self, Topup.self, Adjust.self, Approve.self, Reject.self, Requests.self, Marks.self, Forecast.self, Movements.self,
            History.self,
        ])

    static let requestColumns: [(title: String, key: String)] = [
        ("ID", "id"), ("CORRIDOR", "corridor"), ("KIND", "kind"), ("AMOUNT", "amount_text"), ("STATUS", "status"), ("BY", "requested_by"),
        ("DECIDED BY", "decided_by"), ("NOTE", "note"),
    ]

    static func withAmount(_ row: [String: Any]) -> [String: Any] {
        var row = row
        for key in [
            "amount", "balance", "reserved", "available", "low_water", "critical", "forecast_outflow", "suggested_top_up", "balance_delta",
            "reserved_delta", "outflow", "total_outflow",
        ] {
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
                    ("LEVEL", "level"), ("LOW WATER", "low_water_text"), ("CRITICAL", "critical_text"), ("MARKS", "marks_from"),
                    ("QUEUED", "queued"), ("24H OUTFLOW", "forecast_outflow_text"), ("TOP UP", "suggested_top_up_text"),
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

    struct Marks: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set a corridor's low-water and critical marks over its spec's, or --reset to the spec's (audited).")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Option(help: "The low-water mark in the settlement currency, e.g. 30000000.00.") var lowWater: String?
        @Option(help: "The critical mark.") var critical: String?
        @Option(help: "The currency (the corridor's settlement currency).") var currency: String?
        @Flag(help: "Back to the spec's marks.") var reset = false
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let path = "/admin/liquidity/positions/\(RatesCommand.escaped(corridor))/marks"
            let answer: [String: Any]
            if reset {
                answer = try await AdminClient.fromEnvironment().call("DELETE", path)
            } else {
                guard let lowWater, let critical, let currency else {
                    throw ValidationError("give --low-water, --critical and --currency, or --reset")
                }
                answer = try await AdminClient.fromEnvironment().call(
                    "PUT", path,
                    body: ["low_water": ["amount": lowWater, "currency": currency], "critical": ["amount": critical, "currency": currency]])
            }
            try TableOutput.print(
                [LiquidityCommand.withAmount(answer)],
                columns: [
                    ("CORRIDOR", "corridor"), ("AVAILABLE", "available_text"), ("LOW WATER", "low_water_text"), ("CRITICAL", "critical_text"),
                    ("MARKS", "marks_from"), ("LEVEL", "level"),
                ], json: json, raw: answer)
        }
    }

    struct Forecast: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The next 24 hours' expected outflow, hour by hour, and the suggested top-up.")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call("GET", "/admin/liquidity/forecast/\(RatesCommand.escaped(corridor))")
            try TableOutput.print(
                (answer["hours"] as? [[String: Any]] ?? []).map(LiquidityCommand.withAmount),
                columns: [("HOUR", "starts_at"), ("OUTFLOW", "outflow_text"), ("WEEKS", "weeks")], json: json, raw: answer)
            if !json {
                let total = LiquidityCommand.withAmount(answer)
                print(
                    "\n24 h outflow \(TableOutput.cell(total["total_outflow_text"])), available \(TableOutput.cell(total["available_text"])), "
                        + "low water \(TableOutput.cell(total["low_water_text"])): suggested top-up \(TableOutput.cell(total["suggested_top_up_text"]))"
                )
            }
        }
    }

    struct Movements: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The position ledger's movements, newest first.")
        @Option(help: "One corridor.") var corridor: String?
        @Option(help: "One kind: opening, topup, adjustment, reservation, release, settlement, refund, inbound.") var kind: String?
        @Option(help: "From (RFC 3339, inclusive).") var from: String?
        @Option(help: "To (RFC 3339, exclusive).") var to: String?
        @Option(help: "At most this many (1–200).") var limit = 50
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            var query = ["limit=\(limit)"]
            for (name, value) in [("corridor", corridor), ("kind", kind), ("from", from), ("to", to)] {
                if let value { query.append("\(name)=\(RatesCommand.escaped(value))") }
            }
            let answer = try await AdminClient.fromEnvironment().call("GET", "/admin/liquidity/entries?" + query.joined(separator: "&"))
            try TableOutput.print(
                (answer["data"] as? [[String: Any]] ?? []).map(LiquidityCommand.withAmount),
                columns: [
                    ("AT", "at"), ("CORRIDOR", "corridor"), ("KIND", "kind"), ("BALANCE", "balance_delta_text"), ("RESERVED", "reserved_delta_text"),
                    ("PAYMENT", "payment_id"), ("REQUEST", "request_id"),
                ], json: json, raw: answer)
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import a settlement bank's hourly outflow history (CSV hour,outflow[,currency]) for the forecast.",
            discussion: "From a file, or from the partner sandbox's own history: --from-sandbox http://127.0.0.1:8090.")
        @Argument(help: "The corridor, e.g. KH-TH.") var corridor: String
        @Option(help: "A CSV file.") var file: String?
        @Option(help: "The sandbox's base URL: import its weeks of flows for the corridor.") var fromSandbox: String?
        @Option(help: "With --from-sandbox: how many weeks.") var weeks = 6
        @Flag(help: "Print JSON.") var json = false

        func run() async throws {
            let client = try AdminClient.fromEnvironment()
            let bytes: [UInt8]
            if let file {
                bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
            } else if let fromSandbox {
                bytes = try await client.fetch("\(fromSandbox)/sandbox/flows/\(RatesCommand.escaped(corridor))?weeks=\(weeks)")
            } else {
                throw ValidationError("give --file or --from-sandbox")
            }
            let answer = try await client.send(
                "POST", "/admin/liquidity/history?corridor=\(RatesCommand.escaped(corridor))", bytes: bytes, contentType: "text/csv")
            try TableOutput.print(
                [answer], columns: [("CORRIDOR", "corridor"), ("HOURS", "hours"), ("FROM", "from"), ("TO", "to")], json: json, raw: answer)
        }
    }
}
