import Compliance
import Corridors
import Foundation
import MekongCore
import Store
import Testing

@testable import Gateway

@Suite("Compliance parts: velocity periods and specs, uploads, the multipart reader, the report's CSV")
struct CompliancePartsTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let khTH = try! String(contentsOf: repository.appendingPathComponent("corridors/kh-th.yaml"), encoding: .utf8)

    @Test(
        "a sender's day and month are Phnom Penh's: midnight there, not UTC, starts the next",
        arguments: [
            ("2026-12-04T16:59:59Z", "2026-12-04", "2026-12-01"),
            ("2026-12-04T17:00:00Z", "2026-12-05", "2026-12-01"),
            ("2026-11-30T17:00:00Z", "2026-12-01", "2026-12-01"),
            ("2026-11-30T16:59:59Z", "2026-11-30", "2026-11-01"),
            ("2026-12-31T17:00:00Z", "2027-01-01", "2027-01-01"),
        ])
    func periods(instant: String, day: String, month: String) throws {
        let at = try #require(RFC3339.date(from: instant))
        let periods = SenderAllowance.periods(at: at)
        #expect(periods.day == day && periods.month == month)
    }

    @Test("a sender is the client and the account together, hashed: neither alone, and never the account in clear")
    func sender() {
        let a = SenderAllowance.sender(clientID: "cli_a", account: "012345678901")
        #expect(a.hasPrefix("snd_") && a.count == 36 && !a.contains("012345678901"))
        #expect(a == SenderAllowance.sender(clientID: "cli_a", account: "012345678901"))
        #expect(a != SenderAllowance.sender(clientID: "cli_b", account: "012345678901"))
        #expect(a != SenderAllowance.sender(clientID: "cli_a", account: "012345678902"))
        #expect(SenderAllowance.sender(clientID: "a", account: "bc") != SenderAllowance.sender(clientID: "ab", account: "c"))
    }

    @Test("KH-TH's spec sets its velocity limits; a payment takes its destination amount from each, on its day and month")
    func take() throws {
        let spec = try CorridorSpecFile.parse(Self.khTH, file: "kh-th.yaml")
        let p2p = try #require(spec.velocity[.p2p])
        #expect(p2p.daily?.decimalString == "100000.00" && p2p.monthly?.decimalString == "1000000.00" && p2p.daily?.currency == .THB)
        let now = try #require(RFC3339.date(from: "2026-12-04T18:30:00Z"))
        let payment = PaymentRecord(
            id: "pay_x", clientID: "cli_a", quoteID: "qte_x", corridorID: "KH-TH", paymentType: .p2p, flow: .crossBorder, state: .fxPending,
            version: 3, sourceAmount: Money(minorUnits: 10_000, currency: .USD), fee: Money(minorUnits: 100, currency: .USD),
            destinationAmount: Money(minorUnits: 340_787, currency: .THB), referenceRate: try Rate(parsing: "34.25"),
            customerRate: try Rate(parsing: "34.07875"), snapshotID: "NBC@x", payerName: "Sok Dara", payerAccount: "012345678901",
            beneficiaryName: "Somchai Jaidee", beneficiaryAccount: "1234567890", createdAt: now, updatedAt: now)
        let take = try #require(SenderAllowance.take(payment, spec: spec, at: now))
        #expect(take.amountMinor == 340_787 && take.day == "2026-12-05")
        #expect(take.charges.map(\.period) == ["daily", "monthly"])
        #expect(take.charges.map(\.startsOn) == ["2026-12-05", "2026-12-01"])
        #expect(take.charges.map(\.limitMinor) == [10_000_000, 100_000_000])
        #expect(take.charges.allSatisfy { $0.accountMask == "********8901" && $0.currency == "THB" })
        #expect(VelocityLimit.rule(corridor: "KH-TH", type: .p2p, period: .daily) == "KH-TH.limits.velocity.P2P.daily")
    }

    @Test(
        "a velocity limit that is not well formed names its field",
        arguments: [
            ("P2P: { daily: \"100000.00\", monthly: \"1000000.00\" }", "P2P: { weekly: \"100000.00\" }", "limits.velocity.P2P.weekly"),
            ("P2P: { daily: \"100000.00\", monthly: \"1000000.00\" }", "P2P: { daily: \"0.00\" }", "limits.velocity.P2P.daily"),
            ("P2P: { daily: \"100000.00\", monthly: \"1000000.00\" }", "P2P: { daily: \"100000.001\" }", "limits.velocity.P2P.daily"),
            (
                "P2P: { daily: \"100000.00\", monthly: \"1000000.00\" }", "P2P: { daily: \"100000.00\", monthly: \"5.00\" }",
                "limits.velocity.P2P.monthly"
            ),
            ("P2P: { daily: \"100000.00\", monthly: \"1000000.00\" }", "C2C: { daily: \"100000.00\" }", "limits.velocity.C2C"),
            ("P2P: { daily: \"100000.00\", monthly: \"1000000.00\" }", "P2P: {}", "limits.velocity.P2P"),
        ])
    func velocityMistakes(find: String, replace: String, field: String) {
        #expect(Self.khTH.contains(find), "fixture drifted: \(find)")
        do {
            _ = try CorridorSpecFile.parse(Self.khTH.replacingOccurrences(of: find, with: replace), file: "kh-th.yaml")
            Issue.record("expected a failure naming \(field)")
        } catch {
            #expect(error.field == field, "got \(error)")
        }
    }

    @Test("a refusal names the rule, the limit, what is used and what remains")
    func refusal() {
        let standing = SenderAllowance.Standing(
            rule: "KH-TH.limits.velocity.P2P.daily", period: .daily, limit: Money(minorUnits: 10_000_000, currency: .THB),
            used: Money(minorUnits: 9_882_823, currency: .THB))
        let error = SenderAllowance.refusal(standing, amount: Money(minorUnits: 340_787, currency: .THB), corridor: "KH-TH", type: .p2p)
        #expect(error.code == .limitExceeded && error.rule == "KH-TH.limits.velocity.P2P.daily")
        #expect(error.details["used"] == "98828.23" && error.details["remaining"] == "1171.77" && error.details["limit"] == "100000.00")
        #expect(
            error.message == "THB 3407.87 would pass this sender's daily KH-TH P2P limit of THB 100000.00: THB 98828.23 used, THB 1171.77 remains")
    }

    @Test("uploads: each publisher's format read from the samples, OFAC's end-of-file mark allowed only at the end, names checked")
    func uploads() throws {
        func file(_ name: String) throws -> [UInt8] {
            Array(try Data(contentsOf: Self.repository.appendingPathComponent("sanctions/\(name)")))
        }
        let un = try SanctionsUpload.read(source: "un", name: nil, files: ["file": try file("un-consolidated-sample.xml")])
        #expect(un.name == "UN" && un.list.publishedAt != nil && un.sha256.count == 64)
        let sdn = try file("ofac-sdn-sample.csv")
        #expect(sdn.last == 0x1A || sdn.suffix(3).contains(0x1A), "the sample ends as OFAC's file does")
        let ofac = try SanctionsUpload.read(source: "ofac", name: nil, files: ["sdn": sdn, "alt": try file("ofac-alt-sample.csv")])
        #expect(ofac.name == "OFAC SDN" && !ofac.list.entries.isEmpty)
        var inside = sdn
        inside.insert(0x1A, at: 10)
        #expect(throws: MekongError.self) {
            try SanctionsUpload.read(source: "ofac", name: nil, files: ["sdn": inside, "alt": try file("ofac-alt-sample.csv")])
        }
        let local = try SanctionsUpload.read(source: "local", name: "Cambodia FIU", files: ["file": try file("local-sample.csv")])
        #expect(local.name == "Cambodia FIU" && local.list.entries.count == 3)
        for (source, name, files, says) in [
            ("local", nil, ["file": try file("local-sample.csv")], "needs a name"),
            ("local", "UN", ["file": try file("local-sample.csv")], "published list"),
            ("ofac", nil, ["sdn": sdn], "alt"),
            ("un", "My list", ["file": try file("un-consolidated-sample.xml")], "always named"),
            ("eu", nil, ["file": try file("local-sample.csv")], "un, ofac or local"),
            ("un", nil, ["file": Array("<CONSOLIDATED_LIST>".utf8)], "UN list"),
        ] as [(String, String?, [String: [UInt8]], String)] {
            do {
                _ = try SanctionsUpload.read(source: source, name: name, files: files)
                Issue.record("\(source) \(String(describing: name)) should be refused")
            } catch {
                #expect(error.code == .invalidRequest && error.message.contains(says), "\(error.message)")
            }
        }
    }

    @Test("the sample folder loads as three lists in force, each named")
    func files() throws {
        let lists = try ScreeningBoard.loadFiles(directory: Self.repository.appendingPathComponent("sanctions").path, now: Date())
        #expect(Set(lists.map(\.name)) == ["UN", "OFAC SDN", "local-sample"])
        #expect(lists.allSatisfy { $0.entryCount > 0 && $0.id.hasPrefix("file:") })
    }

    @Test("a multipart form: named parts kept byte for byte; malformed forms refused")
    func multipart() throws {
        let body = Array(
            "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\nlocal\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n--XyZ--\r\n"
                .utf8)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=XyZ") == "XyZ")
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=\"XyZ\"") == "XyZ")
        #expect(MultipartForm.boundary(contentType: "text/csv") == nil)
        let form = try MultipartForm(body: body, boundary: "XyZ")
        #expect(form.parts["source"].map { String(decoding: $0, as: UTF8.self) } == "local")
        #expect(form.parts["file"].map { String(decoding: $0, as: UTF8.self) } == "a,b\r\n1,2\r\n")
        for broken in [
            "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n",
            "--XyZ\r\nContent-Disposition: form-data\r\n\r\n1\r\n--XyZ--",
            "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n2\r\n--XyZ--",
            "no boundary here",
        ] {
            #expect(throws: APIError.self, "\(broken)") { try MultipartForm(body: Array(broken.utf8), boundary: "XyZ") }
        }
    }

    @Test("the report's CSV: quoted as RFC 4180 says, formulas defused; its day is Phnom Penh's, and a date that is not one is refused")
    func report() throws {
        #expect(ComplianceReport.field("Sok Dara") == "Sok Dara")
        #expect(ComplianceReport.field("Keo, Bopha") == "\"Keo, Bopha\"")
        #expect(ComplianceReport.field("say \"no\"") == "\"say \"\"no\"\"\"")
        #expect(ComplianceReport.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ComplianceReport.field("-5.00") == "-5.00")
        let (from, to) = try #require(ComplianceReport.bounds(of: "2026-12-04"))
        #expect(RFC3339.string(from: from) == "2026-12-03T17:00:00Z" && RFC3339.string(from: to) == "2026-12-04T17:00:00Z")
        for bad in ["2026-02-30", "2026-13-01", "04-12-2026", "2026-12-4", ""] { #expect(ComplianceReport.bounds(of: bad) == nil, "\(bad)") }
        let thresholds = ComplianceReport.thresholds(usd: "10000.00", khr: "41000000.00")
        #expect(thresholds[.USD]?.minorUnits == 1_000_000 && thresholds[.KHR]?.minorUnits == 4_100_000_000)
    }
}
