import Foundation
import Testing

@Suite("API keys over the admin API: shown once, stored as a hash, revoked at once, rotated with overlap, held to addresses")
struct KeyLifecycleTests {
    func create(_ admin: TestClient, _ body: String) async throws -> (id: String, key: String) {
        let reply = try await admin.post("/admin/keys", body)
        #expect(reply.status == 201, "\(reply.text)")
        return (try #require(reply.json["id"] as? String), try #require(reply.json["key"] as? String))
    }

    @Test("create, use, list without the secret, revoke: the very next request fails; every step audited")
    func createAndRevoke() async throws {
        let stack = try await MekongStack.ops()
        let admin = try await stack.newKey(role: "admin")
        let (id, key) = try await create(admin, #"{"role":"app","name":"partner app","environment":"live"}"#)
        #expect(key.hasPrefix("mk_live_"))
        let app = TestClient(baseURL: stack.gatewayURL, key: key)
        #expect(try await app.get("/v1/corridors").status == 200)
        let listed = try await admin.get("/admin/keys").json["data"] as? [[String: Any]] ?? []
        let entry = try #require(listed.first { $0["id"] as? String == id })
        #expect(entry["key"] == nil && entry["prefix"] as? String == String(key.prefix(12)))
        #expect(try await admin.post("/admin/keys/\(id)/revoke", "").status == 200)
        #expect(try await app.get("/v1/corridors").errorCode == 1001)
        let audit = try await admin.get("/admin/audit?target=\(id)").json["data"] as? [[String: Any]] ?? []
        #expect(audit.compactMap { $0["action"] as? String }.sorted() == ["key.create", "key.revoke"])
        let dump = try await TestProcess.run(
            "/usr/bin/pg_dump", [stack.databaseURL, "--data-only"], environment: ProcessInfo.processInfo.environment)
        #expect(dump.status == 0)
        #expect(!dump.output.contains(key) && !dump.output.contains(String(key.dropFirst(12))), "no plaintext key in a dump of the database")
    }

    @Test("a rotated key: the new one works and the old one keeps working for the overlap; with no overlap it stops at once")
    func rotate() async throws {
        let stack = try await MekongStack.ops()
        let admin = try await stack.newKey(role: "admin")
        let (id, old) = try await create(admin, #"{"role":"app","name":"rotating"}"#)
        let rotated = try await admin.post("/admin/keys/\(id)/rotate", #"{"overlap_seconds":3600}"#)
        #expect(rotated.status == 201, "\(rotated.text)")
        let new = try #require(rotated.json["key"] as? String)
        #expect(try await TestClient(baseURL: stack.gatewayURL, key: new).get("/v1/corridors").status == 200)
        #expect(try await TestClient(baseURL: stack.gatewayURL, key: old).get("/v1/corridors").status == 200, "within the overlap")
        let listed = try await admin.get("/admin/keys").json["data"] as? [[String: Any]] ?? []
        let oldExpiry = try #require(listed.first { $0["id"] as? String == id }?["expires_at"] as? String)
        let newClient = rotated.json["client_id"] as? String
        #expect(newClient == listed.first { $0["id"] as? String == id }?["client_id"] as? String, "same client")
        #expect(oldExpiry < (listed.first { $0["id"] as? String == rotated.json["id"] as? String }?["expires_at"] as? String ?? ""))

        let (id2, old2) = try await create(admin, #"{"role":"app","name":"rotating at once"}"#)
        let immediate = try await admin.post("/admin/keys/\(id2)/rotate", #"{"overlap_seconds":0}"#)
        let new2 = try #require(immediate.json["key"] as? String)
        #expect(try await TestClient(baseURL: stack.gatewayURL, key: old2).get("/v1/corridors").errorCode == 1001)
        #expect(try await TestClient(baseURL: stack.gatewayURL, key: new2).get("/v1/corridors").status == 200)
        #expect(try await admin.post("/admin/keys/\(id2)/rotate", "{}").status == 201, "an expired key can still be rotated by an admin")
    }

    @Test("a key held to other addresses is refused from here; one allowing 127.0.0.0/8 works")
    func allowlist() async throws {
        let stack = try await MekongStack.ops()
        let admin = try await stack.newKey(role: "admin")
        let (_, elsewhere) = try await create(admin, #"{"role":"app","name":"office only","allowed_ips":["203.0.113.7","10.9.0.0/16"]}"#)
        let refused = try await TestClient(baseURL: stack.gatewayURL, key: elsewhere).get("/v1/corridors")
        #expect(refused.errorCode == 1001 && (refused.error["message"] as? String)?.contains("address") == true)
        let (_, loopback) = try await create(admin, #"{"role":"app","name":"local","allowed_ips":["127.0.0.0/8"]}"#)
        #expect(try await TestClient(baseURL: stack.gatewayURL, key: loopback).get("/v1/corridors").status == 200)
        #expect(try await admin.post("/admin/keys", #"{"role":"app","name":"bad","allowed_ips":["not-an-ip"]}"#).errorCode == 2000)
        #expect(try await admin.post("/admin/keys", #"{"role":"root","name":"bad"}"#).errorCode == 2000)
    }

    @Test("only admin keys manage keys")
    func adminOnly() async throws {
        let stack = try await MekongStack.ops()
        for role in ["app", "ops", "treasury"] {
            let key = try await stack.newKey(role: role)
            #expect(try await key.get("/admin/keys").status == 403, "\(role)")
            #expect(try await key.post("/admin/keys", #"{"role":"admin","name":"escalate"}"#).status == 403, "\(role)")
        }
    }
}
