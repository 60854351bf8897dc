import Foundation
import HTTPTypes
import Testing

/// In process (`InProcessGateway`): the role check is the router's, and no route in the table
/// needs a partner. One gateway of the suite's own, with a key of each role; its routes one at a
/// time (each case builds the application on the one database).
@Suite("The role × route table of docs/ROLES.md holds exactly", .serialized)
struct RoleTableTests {
    static let gateway = Task { try await InProcessGateway.make(label: "roles") }

    struct Row: Sendable, CustomStringConvertible {
        let method: String
        let path: String
        let allowed: [String: Bool]
        var description: String { "\(method) \(path)" }
    }

    static let roles = ["app", "treasury", "ops", "admin", "merchant", "compliance"]

    static func rows() throws -> [Row] {
        let text = try String(contentsOf: MekongStack.repository.appendingPathComponent("docs/ROLES.md"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Row? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2 + roles.count, ["GET", "POST", "DELETE", "PUT"].contains(cells[0]) else { return nil }
            var allowed: [String: Bool] = [:]
            for (index, role) in roles.enumerated() { allowed[role] = cells[2 + index] == "yes" }
            return Row(method: cells[0], path: cells[1], allowed: allowed)
        }
    }

    @Test("the table lists every route")
    func tableIsComplete() throws {
        #expect(try Self.rows().count == 80)
    }

    @Test("every role on every route: allowed roles get past the check, the others get 403 (1003)", arguments: try rows())
    func matrix(row: Row) async throws {
        let gateway = try await Self.gateway.value
        let method = try #require(HTTPRequest.Method(row.method))
        try await gateway.test { client in
            for role in Self.roles {
                let reply = try await client.call(
                    method, row.path, key: gateway.keys[role],
                    body: row.method == "GET" || row.method == "DELETE" ? nil : "{}",
                    headers: [("Idempotency-Key", UUID().uuidString)])
                if row.allowed[role] == true {
                    #expect(reply.status != .forbidden && reply.status != .unauthorized, "\(role) on \(row) got \(reply.status) \(reply.json)")
                } else {
                    #expect(reply.status == .forbidden && reply.errorCode == 1003, "\(role) on \(row) got \(reply.status) \(reply.json)")
                }
            }
        }
    }
}
