import Foundation
import Testing

@Suite("The mekong CLI over the admin API, as an operator uses it")
struct CLITests {
    func mekong(_ stack: MekongStack, key: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        var environment = ProcessInfo.processInfo.environment
        environment["MEKONG_URL"] = stack.gatewayURL
        environment["MEKONG_KEY"] = key
        return try TestProcess.run(MekongStack.binary, arguments, environment: environment)
    }

    @Test("an ops key lists, disables and enables a corridor, and reads the audit trail, in tables and JSON")
    func opsToggle() async throws {
        let stack = try await MekongStack.ops()
        let ops = try #require(try stack.newKey(role: "ops").key)
        let list = try mekong(stack, key: ops, ["corridors", "list"])
        #expect(list.status == 0, "\(list.output)")
        #expect(list.output.hasPrefix("CORRIDOR") && list.output.contains("KH-MY") && list.output.contains("planned"))
        let disable = try mekong(stack, key: ops, ["corridors", "disable", "KH-MY", "--reason", "DuitNow cut-over"])
        #expect(disable.status == 0 && disable.output.contains("DuitNow cut-over") && disable.output.contains("false"), "\(disable.output)")
        let closed = try mekong(stack, key: ops, ["corridors", "list", "--json"])
        let data = (try JSONSerialization.jsonObject(with: Data(closed.output.utf8)) as? [String: Any])?["data"] as? [[String: Any]] ?? []
        #expect(data.first { $0["id"] as? String == "KH-MY" }?["state"] as? String == "closed_by_ops")
        #expect(try mekong(stack, key: ops, ["corridors", "enable", "KH-MY", "--reason", "done"]).status == 0)
        let audit = try mekong(stack, key: ops, ["audit", "--target", "KH-MY"])
        #expect(audit.output.contains("corridor.disable") && audit.output.contains("corridor.enable"), "\(audit.output)")
        let refused = try mekong(stack, key: ops, ["corridors", "disable", "KH-ZZ", "--reason", "x"])
        #expect(refused.status != 0 && refused.output.contains("404"))
        let app = try #require(try stack.newApp().key)
        let forbidden = try mekong(stack, key: app, ["corridors", "list"])
        #expect(forbidden.status != 0 && forbidden.output.contains("1003"))
    }

    @Test("an admin key lists and revokes keys from the CLI")
    func keys() async throws {
        let stack = try await MekongStack.ops()
        let admin = try #require(try stack.newKey(role: "admin").key)
        let victim = try stack.newApp()
        let listed = try mekong(stack, key: admin, ["keys", "list", "--json"])
        let keys = (try JSONSerialization.jsonObject(with: Data(listed.output.utf8)) as? [String: Any])?["data"] as? [[String: Any]] ?? []
        let id = try #require(keys.first { $0["prefix"] as? String == String(victim.key!.prefix(12)) }?["id"] as? String)
        #expect(try mekong(stack, key: admin, ["keys", "revoke", id]).status == 0)
        #expect(try await victim.get("/v1/corridors").errorCode == 1001)
    }
}
