import Foundation
import Hummingbird
import MekongCore
import Store

/// API keys over the admin API (admin role): `POST /admin/keys`, `GET /admin/keys`,
/// `POST /admin/keys/{id}/revoke`, `POST /admin/keys/{id}/rotate`. A key is shown once, when
/// made; every change writes an audit row in its own transaction.
struct AdminKeyController {
    let keys: APIKeyRepository
    let clock: any WallClock

    struct KeyView: Encodable {
        let id: String
        let clientId: String
        let role: String
        let name: String
        let prefix: String
        let permissions: [String]
        let allowedIps: [String]
        let createdAt: String
        let expiresAt: String?
        let revokedAt: String?
        let key: String?

        init(_ r: APIKeyRecord, plaintext: String? = nil) {
            id = r.id
            clientId = r.clientID
            role = r.role
            name = r.name
            prefix = r.prefix
            permissions = r.permissions
            allowedIps = r.allowedIPs
            createdAt = RFC3339.string(from: r.createdAt)
            expiresAt = r.expiresAt.map(RFC3339.string(from:))
            revokedAt = r.revokedAt.map(RFC3339.string(from:))
            key = plaintext
        }
    }

    func register(on group: RouterGroup<GatewayContext>) {
        group.post("keys") { request, context in
            let caller = try RoleGuard.require(context, .admin)
            let (body, _) = try await JSONObject.read(request, context: context)
            try body.allowOnly(["role", "name", "client_id", "permissions", "expires_in_days", "allowed_ips", "environment"])
            let role = try body.requiredString("role", maxLength: 16)
            guard Role(rawValue: role) != nil else {
                throw APIError(.invalidRequest, "field 'role' must be app, treasury, ops, compliance, admin or merchant")
            }
            let name = try body.requiredString("name", .name(100))
            let clientID = try body.string("client_id", .identifier(64))
            let permissions = try body.strings("permissions", maxCount: 8) ?? (role == "app" || role == "merchant" ? ["webhook"] : [])
            guard permissions.allSatisfy({ $0 == "webhook" }) else {
                throw APIError(.invalidRequest, "field 'permissions' may hold only \"webhook\"")
            }
            let days = try body.int("expires_in_days", in: 1...3650) ?? 90
            let ips = try body.strings("allowed_ips", maxCount: 32) ?? []
            for ip in ips where !AddressAllowlist.isValid(ip) {
                throw APIError(.invalidRequest, "field 'allowed_ips': '\(ip)' is not an address or an IPv4 CIDR block")
            }
            let environment = try body.string("environment", maxLength: 4) ?? "live"
            guard ["live", "test"].contains(environment) else { throw APIError(.invalidRequest, "field 'environment' must be live or test") }
            let now = clock.now()
            let made = APIKeyMaker.make(
                role: role, name: name, clientID: clientID, environment: environment, permissions: permissions,
                validFor: TimeInterval(days) * 86_400, allowedIPs: ips, now: now)
            try await keys.create(
                made.record, secretHash: made.secretHash,
                audit: AuditEntry(
                    actorKeyID: caller.keyID, action: "key.create", target: made.record.id, before: nil,
                    after: try Self.json(KeyView(made.record)), at: now, sourceAddress: context.remoteAddress))
            return try JSONResponse.make(.created, KeyView(made.record, plaintext: made.plaintext))
        }
        group.get("keys") { request, context in
            try RoleGuard.require(context, .admin)
            let page = try PageQuery.read(request.uri.queryParameters)
            let client = request.uri.queryParameters.get("client_id").flatMap { $0.isEmpty ? nil : $0 }
            return try JSONResponse.make(.ok, PageView(try await keys.list(clientID: client, page: page).map { KeyView($0) }))
        }
        group.post("keys/:id/revoke") { _, context in
            let caller = try RoleGuard.require(context, .admin)
            let id = try context.parameters.requireDecoded("id")
            let now = clock.now()
            guard
                let before = try await keys.revoke(
                    id: id, at: now,
                    audit: { old in
                        AuditEntry(
                            actorKeyID: caller.keyID, action: "key.revoke", target: id, before: try? Self.json(KeyView(old)),
                            after: #"{"revoked_at":"\#(RFC3339.string(from: now))"}"#, at: now, sourceAddress: context.remoteAddress)
                    })
            else { throw APIError(.notFound, "key '\(id)' not found") }
            return try JSONResponse.make(
                .ok,
                KeyView(
                    APIKeyRecord(
                        id: before.id, clientID: before.clientID, role: before.role, name: before.name, prefix: before.prefix,
                        permissions: before.permissions, createdAt: before.createdAt, expiresAt: before.expiresAt,
                        revokedAt: before.revokedAt ?? now, allowedIPs: before.allowedIPs)))
        }
        group.post("keys/:id/rotate") { request, context in
            let caller = try RoleGuard.require(context, .admin)
            let id = try context.parameters.requireDecoded("id")
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            var overlap = 24 * 3600
            if buffer.readableBytes > 0 {
                let body = try JSONObject.parse(buffer)
                try body.allowOnly(["overlap_seconds"])
                overlap = try body.int("overlap_seconds", in: 0...(30 * 86_400)) ?? overlap
            }
            let now = clock.now()
            guard let old = try await keys.find(id: id) else { throw APIError(.notFound, "key '\(id)' not found") }
            let made = APIKeyMaker.make(
                role: old.role, name: old.name, clientID: old.clientID,
                environment: old.prefix.hasPrefix("mk_live_") ? "live" : "test", permissions: old.permissions,
                validFor: 90 * 86_400, allowedIPs: old.allowedIPs, now: now)
            let oldExpires = now.addingTimeInterval(TimeInterval(overlap))
            guard
                try await keys.rotate(
                    id: id, replacement: made.record, secretHash: made.secretHash, oldExpiresAt: oldExpires,
                    audit: { old in
                        AuditEntry(
                            actorKeyID: caller.keyID, action: "key.rotate", target: id, before: try? Self.json(KeyView(old)),
                            after: #"{"replacement":"\#(made.record.id)","old_key_expires_at":"\#(RFC3339.string(from: oldExpires))"}"#,
                            at: now, sourceAddress: context.remoteAddress)
                    }) != nil
            else { throw APIError(.notFound, "key '\(id)' not found or revoked") }
            return try JSONResponse.make(.created, KeyView(made.record, plaintext: made.plaintext))
        }
    }

    static func json(_ view: KeyView) throws -> String {
        String(decoding: try JSONResponse.bytes(view), as: UTF8.self)
    }
}
