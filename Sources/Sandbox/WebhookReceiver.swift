import Foundation
import Hummingbird
import MekongCore

/// A webhook receiver for tests and demos, under `/sandbox/receiver/{name}`: it records every
/// delivery (headers and body) and answers with the next planned response, or 200.
///
/// - `PUT /sandbox/receiver/{name}/plan` with `{"responses": [{"status": 500}, {"status": 503, "retry_after": 1},
///   {"status": 302, "location": "…"}]}` queues answers.
/// - `GET /sandbox/receiver/{name}` lists what arrived; `?summary=1` gives counts only.
struct WebhookReceiver {
    let inbox = ReceiverInbox()

    struct Planned: Codable, Sendable {
        let status: Int
        let retry_after: Int?
        let location: String?
    }
    struct Plan: Decodable { let responses: [Planned] }

    func register(on router: Router<SandboxContext>) {
        router.put("sandbox/receiver/:name/plan") { request, context in
            let name = try context.parameters.require("name")
            let body = try await request.body.collect(upTo: 1 << 16)
            guard let plan = try? JSONDecoder().decode(Plan.self, from: Data(body.readableBytesView)) else {
                return PromptPaySimulator.json(.badRequest, ["error": "malformed plan"])
            }
            await inbox.plan(name, plan.responses)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"planned":\#(plan.responses.count)}"#)))
        }
        router.post("sandbox/receiver/:name") { request, context in
            let name = try context.parameters.require("name")
            let body = try await request.body.collect(upTo: 1 << 20)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let answer = await inbox.receive(name, headers: headers, body: String(decoding: body.readableBytesView, as: UTF8.self))
            var fields: HTTPFields = [.contentType: "application/json"]
            if let retryAfter = answer.retry_after { fields[.retryAfter] = "\(retryAfter)" }
            if let location = answer.location { fields[.location] = location }
            return Response(status: .init(code: answer.status), headers: fields, body: .init(byteBuffer: ByteBuffer(string: #"{"received":true}"#)))
        }
        router.get("sandbox/receiver/:name") { request, context in
            let name = try context.parameters.require("name")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            // `at` as an RFC 3339 time, as every time Mekong writes (not seconds since 2001).
            encoder.dateEncodingStrategy = .custom { date, encoder in
                var container = encoder.singleValueContainer()
                try container.encode(RFC3339.string(from: date))
            }
            let data: Data
            if request.uri.queryParameters.get("summary") != nil {
                data = try encoder.encode(await inbox.summary(name, idPrefix: request.uri.queryParameters.get("prefix").map { String($0) }))
            } else {
                data = try encoder.encode(["received": await inbox.received(name)])
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
    }
}

/// What each named receiver got, and what it will answer next.
actor ReceiverInbox {
    struct Delivery: Codable, Sendable {
        let headers: [String: String]
        let body: String
        let at: Date
    }
    struct Summary: Codable, Sendable {
        let count: Int
        let distinctIds: Int
    }

    private var deliveries: [String: [Delivery]] = [:]
    private var plans: [String: [WebhookReceiver.Planned]] = [:]

    func plan(_ name: String, _ responses: [WebhookReceiver.Planned]) { plans[name] = responses }

    func receive(_ name: String, headers: [String: String], body: String) -> WebhookReceiver.Planned {
        deliveries[name, default: []].append(Delivery(headers: headers, body: body, at: Date()))
        guard var queue = plans[name], !queue.isEmpty else { return WebhookReceiver.Planned(status: 200, retry_after: nil, location: nil) }
        let next = queue.removeFirst()
        plans[name] = queue
        return next
    }

    func received(_ name: String) -> [Delivery] { deliveries[name] ?? [] }

    func summary(_ name: String, idPrefix: String?) -> Summary {
        let all = (deliveries[name] ?? []).filter { idPrefix == nil || ($0.headers["webhook-id"] ?? "").hasPrefix(idPrefix!) }
        return Summary(count: all.count, distinctIds: Set(all.compactMap { $0.headers["webhook-id"] }).count)
    }
}
