import ArgumentParser
import Foundation

/// `mekong audit`: the audit trail over the admin API.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "List admin actions, newest first (MEKONG_KEY: ops, treasury or admin).")
    @Option(help: "Only actions on this target (a corridor or key id).") var target: String?
    @Option(help: "How many.") var limit = 50
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

    func run() async throws {
        var path = "/admin/audit?limit=\(limit)"
        if let target { path += "&target=\(target.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? target)" }
        let answer = try await AdminClient.fromEnvironment().call("GET", path)
        try TableOutput.print(
            answer["data"] as? [[String: Any]] ?? [],
            columns: [
                ("AT", "at"), ("ACTOR", "actor_key_id"), ("ACTION", "action"), ("TARGET", "target"), ("FROM", "source_address"),
            ], json: json, raw: answer, wide: wide)
    }
}
