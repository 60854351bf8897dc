import ArgumentParser
import Foundation
import Gateway
import Logging
import Store

/// `mekong keys …`: API keys, written straight to the database (for the very first key).
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage API keys. `create` writes to DATABASE_URL (for the first key); the others use the admin API with MEKONG_KEY.",
        subcommands: [Create.self, List.self, Revoke.self, Rotate.self])

    static let columns: [(title: String, key: String)] = [
        ("ID", "id"), ("PREFIX", "prefix"), ("ROLE", "role"), ("CLIENT", "client_id"), ("NAME", "name"),
        ("EXPIRES", "expires_at"), ("REVOKED", "revoked_at"), ("ALLOWED IPS", "allowed_ips"),
    ]

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (prefixes only; keys are never stored).")
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().all("/admin/keys")
            try TableOutput.print(answer["data"] as? [[String: Any]] ?? [], columns: Keys.columns, json: json, raw: answer, wide: wide)
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key; its next request fails.")
        @Argument(help: "The key id (key_…).") var id: String
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call("POST", "/admin/keys/\(id)/revoke")
            try TableOutput.print([answer], columns: Keys.columns, json: json, raw: answer, wide: wide)
        }
    }

    struct Rotate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a replacement key; the old one works for the overlap. Prints the new key once.")
        @Argument(help: "The key id (key_…).") var id: String
        @Option(help: "Seconds the old key keeps working.") var overlapSeconds = 86_400
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Show every column whole, even past 120 characters.") var wide = false

        func run() async throws {
            let answer = try await AdminClient.fromEnvironment().call("POST", "/admin/keys/\(id)/rotate", body: ["overlap_seconds": overlapSeconds])
            try TableOutput.print([answer], columns: [("KEY", "key")] + Keys.columns, json: json, raw: answer, wide: wide)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API key in DATABASE_URL and print it once.")

        @Option(help: "Role: app, treasury, ops, compliance, admin or merchant.") var role: String
        @Option(help: "A name to recognise the key by.") var name = "bootstrap"
        @Option(help: "The client the key acts for (cli_…); a new client when omitted.") var client: String?
        @Option(help: "live or test.") var environment = "test"
        @Option(help: "Days until the key expires.") var days = 90
        @Option(help: "Comma-separated permissions (app keys default to 'webhook'; 'none' for none).") var permissions: String?
        @Flag(help: "Print only the key.") var quiet = false

        func validate() throws {
            guard ["app", "treasury", "ops", "compliance", "admin", "merchant"].contains(role) else {
                throw ValidationError("--role must be app, treasury, ops, compliance, admin or merchant")
            }
            guard ["live", "test"].contains(environment) else { throw ValidationError("--environment must be live or test") }
            guard (1...3650).contains(days) else { throw ValidationError("--days must be between 1 and 3650") }
        }

        var grantedPermissions: [String] {
            guard let permissions else { return role == "app" || role == "merchant" ? ["webhook"] : [] }
            return permissions == "none" ? [] : permissions.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        }

        func run() async throws {
            let logger = CLILogging.logger("mekong.keys", level: "warning")
            let made = APIKeyMaker.make(
                role: role, name: name, clientID: client, environment: environment,
                permissions: grantedPermissions, validFor: TimeInterval(days) * 86_400)
            try await CLIDatabase.with(logger: logger) { database in
                try await Migrator(client: database, logger: logger).migrate()
                try await APIKeyRepository(database: Database(client: database), logger: logger).insert(made.record, secretHash: made.secretHash)
            }
            if quiet {
                print(made.plaintext)
            } else {
                print("key:       \(made.plaintext)")
                print("id:        \(made.record.id)")
                print("client:    \(made.record.clientID)")
                print("role:      \(made.record.role)")
                print("expires:   \(made.record.expiresAt.map { "\($0)" } ?? "never")")
                print("The key is shown only now; Mekong stores only its hash.")
            }
        }
    }
}
