import Foundation
import Hummingbird
import Synchronization

/// Faults switched on per partner at run time, for the reliability tests and the circuit
/// breaker: `POST /sandbox/faults/{partner}` with `{"mode": …}`, `GET /sandbox/faults`.
/// A partner is the first path segment of its API (promptpay, napas, duitnow, bakong).
///
/// Modes: `none`; `unavailable` (every call answers 503); `throttle` (every call answers 429
/// with Retry-After: 1); `flapping` (every other call answers 503); `hold` (every call waits,
/// unanswered, until the mode changes, at most 60 s, then is served as usual).
final class SandboxFaults: Sendable {
    enum Mode: String, Sendable, CaseIterable { case none, unavailable, throttle, flapping, hold }

    static let partners: Set<String> = ["promptpay", "napas", "duitnow", "bakong"]
    private let modes = Mutex<[String: (mode: Mode, calls: Int)]>([:])

    /// The answer to give instead of the partner's, if a fault is on for this path. In `hold`
    /// mode it first waits for the mode to change.
    func interception(path: String) async throws -> Response? {
        let partner = path.split(separator: "/").first.map(String.init) ?? ""
        guard Self.partners.contains(partner) else { return nil }
        for _ in 0..<1200 where modes.withLock({ $0[partner]?.mode }) == .hold {
            try await Task.sleep(for: .milliseconds(50))
        }
        let (mode, call) = modes.withLock { modes -> (Mode, Int) in
            guard var entry = modes[partner] else { return (.none, 0) }
            entry.calls += 1
            modes[partner] = entry
            return (entry.mode, entry.calls)
        }
        switch mode {
        case .none, .hold: return nil
        case .unavailable: return Self.answer(.serviceUnavailable, retryAfter: nil)
        case .throttle: return Self.answer(.tooManyRequests, retryAfter: 1)
        case .flapping: return call % 2 == 1 ? Self.answer(.serviceUnavailable, retryAfter: nil) : nil
        }
    }

    func register(on router: Router<SandboxContext>) {
        router.post("sandbox/faults/:partner") { request, context in
            let partner = try context.parameters.require("partner")
            guard Self.partners.contains(partner) else {
                return PromptPaySimulator.json(
                    .notFound, ["error": "unknown partner '\(partner)'; one of \(Self.partners.sorted().joined(separator: ", "))"])
            }
            let body = try await request.body.collect(upTo: 4096)
            let object = (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any]
            guard let name = object?["mode"] as? String, let mode = Mode(rawValue: name) else {
                return PromptPaySimulator.json(.badRequest, ["error": "mode must be one of \(Mode.allCases.map(\.rawValue).joined(separator: ", "))"])
            }
            self.modes.withLock { $0[partner] = (mode, 0) }
            return PromptPaySimulator.json(.ok, ["partner": partner, "mode": mode.rawValue])
        }
        router.get("sandbox/faults") { _, _ in
            let current = self.modes.withLock { $0.mapValues(\.mode.rawValue) }
            return PromptPaySimulator.json(.ok, current)
        }
    }

    private static func answer(_ status: HTTPResponse.Status, retryAfter: Int?) -> Response {
        var response = PromptPaySimulator.json(
            status, ["error": status == .tooManyRequests ? "throttled (sandbox fault)" : "unavailable (sandbox fault)"])
        if let retryAfter { response.headers[.retryAfter] = String(retryAfter) }
        return response
    }

    /// Answers for the partner while a fault is on.
    struct Middleware: RouterMiddleware {
        let faults: SandboxFaults

        func handle(_ request: Request, context: SandboxContext, next: (Request, SandboxContext) async throws -> Response) async throws -> Response {
            let path = request.uri.path.hasPrefix("/") ? String(request.uri.path.dropFirst()) : request.uri.path
            if let response = try await faults.interception(path: path) { return response }
            return try await next(request, context)
        }
    }
}
