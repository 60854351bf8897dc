import Foundation
import MekongCore
import Testing

@testable import Gateway

@Suite("The error table: README's rows are the code's, and each answer's advice fits its case")
struct ErrorTableTests {
    struct Row: Equatable, CustomStringConvertible {
        let number: Int, category: String, title: String, retryable: Bool, advice: String, status: Int, source: String
        var description: String { "\(number) \(category) \(title) \(retryable) \(advice) \(status) \(source)" }
    }

    /// The rows of README's error table, as written.
    static func readmeRows() throws -> [Row] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let header = lines.firstIndex(where: { $0.hasPrefix("| code | category | title | retryable | recommended action | HTTP |") }) else {
            return []
        }
        return lines[(header + 2)...].prefix { $0.hasPrefix("|") }.map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            return Row(
                number: Int(cells[0]) ?? -1, category: cells[1], title: cells[2], retryable: cells[3] == "yes", advice: cells[4],
                status: Int(cells[5]) ?? -1, source: cells[6])
        }
    }

    @Test("every code's title, category, retry flag, advice, HTTP status and source are in README as the API answers them, and nothing else is")
    func readmeMatchesTheCode() throws {
        let documented = try Self.readmeRows()
        let coded = ErrorCode.all.sorted { $0.number < $1.number }.map {
            Row(
                number: $0.number, category: $0.category.rawValue, title: $0.summary, retryable: $0.retryable, advice: $0.recommendedAction,
                status: $0.httpStatus, source: $0.isBakongStandard ? "NBC" : "Mekong")
        }
        #expect(documented.count == coded.count, "README has \(documented.count) rows, the code \(coded.count)")
        for (doc, code) in zip(documented, coded) { #expect(doc == code) }
    }

    @Test("each answer's body carries its case's retry flag, retry time and advice")
    func bodiesSayWhatTheCaseKnows() throws {
        func body(_ error: MekongError) throws -> [String: Any] {
            (try JSONSerialization.jsonObject(with: Data(APIError.body(error))) as? [String: Any])?["error"] as? [String: Any] ?? [:]
        }
        let reopening = Date(timeIntervalSince1970: 1_796_000_000)
        let closed = try body(MekongError(.corridorUnavailable, "KH-TH is disabled by operations", retryAfter: reopening))
        #expect(closed["retryable"] as? Bool == true && closed["retry_after"] as? String == RFC3339.string(from: reopening))
        #expect(closed["recommended_action"] as? String == "Retry after \(RFC3339.string(from: reopening))")
        let planned = try body(MekongError(.corridorUnavailable, "KH-LA is planned", advice: "Choose another corridor", retryable: false))
        #expect(
            planned["retryable"] as? Bool == false && planned["retry_after"] == nil
                && planned["recommended_action"] as? String == "Choose another corridor")
        #expect(planned["title"] as? String == "Corridor temporarily unavailable" && planned["code"] as? Int == 5001)
        let plain = try body(MekongError(.limitExceeded, "too much"))
        #expect(plain["retryable"] as? Bool == false && plain["recommended_action"] as? String == "Split transaction or increase limit")
    }
}
