import Foundation
import Glibc
import Testing

/// RELIABILITY.md, "Also include": graceful shutdown.
@Suite("Graceful shutdown: SIGTERM under load")
struct GracefulShutdownTests {
    @Test("SIGTERM under load: the process exits cleanly, every accepted payment is kept and settles exactly once, and a new start carries on")
    func sigtermUnderLoad() async throws {
        let stack = try await MekongStack.isolated(label: "shutdown")
        // Only the gateways this test starts serve this database: the one it stops, then the
        // one that must carry on.
        stack.gateway.stop()
        _ = try await stack.gateway.waitForExit(seconds: 30)
        let (gateway, process) = try await stack.startGatewayProcess()
        let run = UUID().uuidString.prefix(8)
        let acceptedSoFar = Tally()

        let outcomes = try await withThrowingTaskGroup(of: (id: String?, status: Int?).self) { group in
            for index in 0..<120 {
                group.addTask {
                    guard let reply = try? await stack.pay(gateway, key: "shutdown-\(run)-\(index)") else { return (nil, nil) }
                    if reply.status == 201 { await acceptedSoFar.add() }
                    return (reply.status == 201 ? reply.json["id"] as? String : nil, reply.status)
                }
            }
            // Signal while requests are still arriving: once 20 payments are in.
            let deadline = Date().addingTimeInterval(30)
            while await acceptedSoFar.count < 20, Date() < deadline { try await Task.sleep(for: .milliseconds(5)) }
            process.send(SIGTERM)
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let exit = try await process.waitForExit(seconds: 40)
        #expect(exit == 0, "the gateway exits by itself, with status 0, after SIGTERM")
        let statuses = outcomes.compactMap(\.status)
        #expect(statuses.allSatisfy { $0 == 201 || $0 == 503 }, "answers while stopping are 201 or 503: \(Set(statuses))")
        let accepted = outcomes.compactMap(\.id)
        #expect(accepted.count >= 20)

        // A new start on the same database: every payment that was answered 201 settles, once.
        let restarted = try await stack.startAnotherGateway()
        for id in accepted {
            let view = try await stack.waitFor(id, as: restarted, seconds: 30)
            #expect(view["state"] as? String == "CROSS_BORDER_SETTLED", "\(id): \(view["state"] ?? "?")")
            #expect(try await stack.ledgerEntries(for: id).count == 1, "\(id) reached the partner once")
        }
        stack.sandbox.stop()
    }
}

/// Counts accepted payments across the concurrent requests.
private actor Tally {
    private(set) var count = 0
    func add() { count += 1 }
}
