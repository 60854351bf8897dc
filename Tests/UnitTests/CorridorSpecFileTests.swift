import Corridors
import Foundation
import MekongCore
import Testing

@Suite("Corridor specs: the shipped files load, and every kind of mistake names its field")
struct CorridorSpecFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let good = try! String(contentsOf: repository.appendingPathComponent("corridors/kh-th.yaml"), encoding: .utf8)

    @Test("all five shipped specs load and validate")
    func shippedSpecs() throws {
        let specs = try CorridorSpecFile.loadAll(directory: Self.repository.appendingPathComponent("corridors").path, environment: [:])
        #expect(specs.map(\.id) == ["KH-CN", "KH-LA", "KH-MY", "KH-TH", "KH-VN"])
        let th = try #require(specs.first { $0.id == "KH-TH" })
        #expect(th.limit(for: .p2p) == Money(minorUnits: 5_000_000, currency: .THB))
        #expect(th.limit(for: .b2b) == Money(minorUnits: 20_000_000, currency: .THB))
        #expect(th.hours.isAlwaysOpen && th.settlement == .realTime && th.direction == .bothWays)
        let my = try #require(specs.first { $0.id == "KH-MY" })
        #expect(my.settlement == .batch(cycleSeconds: 900))
        #expect(my.offHours == .queue)
        #expect(my.hours.timeZone.identifier == "Asia/Kuala_Lumpur")
        let vn = try #require(specs.first { $0.id == "KH-VN" })
        #expect(vn.limit(for: .b2b) == nil && vn.status == .pilot)
        #expect(specs.first { $0.id == "KH-CN" }?.direction == .inboundOnly)
        #expect(specs.first { $0.id == "KH-LA" }?.status == .planned)
    }

    @Test("MEKONG_CORRIDOR_PILOTS loads a pilot spec in place of the published one; a pilot without a spec stops start-up")
    func pilots() throws {
        let directory = Self.repository.appendingPathComponent("corridors").path
        let published = try CorridorSpecFile.loadAll(directory: directory, environment: [:])
        #expect(published.first { $0.id == "KH-LA" }?.status == .planned)
        let piloted = try CorridorSpecFile.loadAll(directory: directory, environment: ["MEKONG_CORRIDOR_PILOTS": "KH-LA"])
        #expect(piloted.map(\.id) == published.map(\.id), "the pilot replaces KH-LA; nothing is added")
        let la = try #require(piloted.first { $0.id == "KH-LA" })
        #expect(la.status == .pilot && la.partnerSystem == "LAPNet" && la.limit(for: .p2p) == Money(minorUnits: 2_000_000_000, currency: .LAK))
        #expect(throws: ConfigurationError.self) {
            try CorridorSpecFile.loadAll(directory: directory, environment: ["MEKONG_CORRIDOR_PILOTS": "KH-XX"])
        }
    }

    @Test("the base URL can be overridden from the environment")
    func baseURLOverride() throws {
        let spec = try CorridorSpecFile.parse(
            Self.good, file: "kh-th.yaml", environment: ["MEKONG_CORRIDOR_KH_TH_BASE_URL": "http://127.0.0.1:9999/pp/"])
        #expect(spec.endpoint?.baseURL == "http://127.0.0.1:9999/pp")
    }

    /// (what to replace, replacement, the field the error must name)
    @Test(
        "each mistake stops loading with the file and the field",
        arguments: [
            ("id: KH-TH", "id: Thailand", "id"),
            ("id: KH-TH\n", "", "id"),
            ("status: live", "status: open", "status"),
            ("direction: both_ways", "direction: sideways", "direction"),
            ("partner: THB", "partner: XYZ", "currencies.partner"),
            ("source: [KHR, USD]", "source: [KHR, THB]", "currencies.source[1]"),
            ("model: real_time", "model: weekly", "settlement.model"),
            ("time_zone: Asia/Bangkok", "time_zone: Mars/Olympus", "hours.time_zone"),
            ("P2P: \"50000.00\"", "P2P: \"50000.005\"", "limits.P2P"),
            ("P2P: \"50000.00\"", "P2P: \"-5\"", "limits.P2P"),
            ("B2B: \"200000.00\"", "C2C: \"200000.00\"", "limits.C2C"),
            ("fx_provider: NBC", "fx_provider: \"\"", "fx_provider"),
            ("spread_bps: 50", "spread_bps: 20000", "pricing.spread_bps"),
            ("base_url: http://127.0.0.1:8090/promptpay", "base_url: ftp://example", "endpoint.base_url"),
            ("connect_timeout_ms: 2000", "connect_timeout_ms: 0", "endpoint.connect_timeout_ms"),
            ("total_timeout_ms: 30000", "total_timeout_ms: 10", "endpoint.total_timeout_ms"),
            ("max_requests_per_second: 500", "max_requests_per_second: fast", "endpoint.max_requests_per_second"),
            ("  country: TH", "  country: Thailand", "partner.country"),
        ])
    func mistakes(find: String, replace: String, field: String) {
        #expect(Self.good.contains(find), "fixture drifted: \(find)")
        let broken = Self.good.replacingOccurrences(of: find, with: replace)
        do {
            _ = try CorridorSpecFile.parse(broken, file: "corridors/kh-th.yaml")
            Issue.record("expected a failure naming \(field)")
        } catch {
            #expect(error.file == "corridors/kh-th.yaml")
            #expect(error.field == field, "got \(error)")
            #expect(!error.reason.isEmpty)
        }
    }

    @Test("windows must be well formed")
    func windows() {
        let base = Self.good.replacingOccurrences(
            of: "  always_open: true", with: "  windows:\n    - days: [mon]\n      open: \"08:00\"\n      close: \"20:00\"")
        #expect((try? CorridorSpecFile.parse(base, file: "f")) != nil)
        for (find, replace, field) in [
            ("days: [mon]", "days: [funday]", "hours.windows[0].days"),
            ("open: \"08:00\"", "open: \"8am\"", "hours.windows[0].open"),
            ("close: \"20:00\"", "close: \"07:00\"", "hours.windows[0].close"),
        ] {
            #expect(throws: ConfigurationError.self) { try CorridorSpecFile.parse(base.replacingOccurrences(of: find, with: replace), file: "f") }
            do { _ = try CorridorSpecFile.parse(base.replacingOccurrences(of: find, with: replace), file: "f") } catch {
                #expect(error.field == field)
            }
        }
    }

    @Test("a secret written into a spec is refused; only references are allowed")
    func secretsAreReferences() {
        #expect(Self.good.contains("client_secret: env:MEKONG_PROMPTPAY_CLIENT_SECRET"))
        let withSecret = Self.good.replacingOccurrences(of: "client_secret: env:MEKONG_PROMPTPAY_CLIENT_SECRET", with: "client_secret: hunter2")
        do {
            _ = try CorridorSpecFile.parse(withSecret, file: "f")
            Issue.record("secret accepted")
        } catch {
            #expect(error.field == "endpoint.oauth2.client_secret")
        }
        let inboundSecret = Self.good.replacingOccurrences(of: "signing_secret: env:MEKONG_INBOUND_SECRET_KH_TH", with: "signing_secret: s3cr3t")
        do {
            _ = try CorridorSpecFile.parse(inboundSecret, file: "f")
            Issue.record("secret accepted")
        } catch {
            #expect(error.field == "inbound.signing_secret")
        }
        let spec = try? CorridorSpecFile.parse(Self.good, file: "f")
        #expect(spec?.endpoint?.oauthClientSecretReference == "env:MEKONG_PROMPTPAY_CLIENT_SECRET")
        #expect(spec?.inboundSecretReference == "env:MEKONG_INBOUND_SECRET_KH_TH")
    }

    @Test("a folder with two specs of one id is refused")
    func duplicateIDs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("specs-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.good.write(to: folder.appendingPathComponent("a.yaml"), atomically: true, encoding: .utf8)
        try Self.good.write(to: folder.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        do {
            _ = try CorridorSpecFile.loadAll(directory: folder.path, environment: [:])
            Issue.record("duplicate accepted")
        } catch {
            #expect(error.field == "id" && error.file.hasSuffix("b.yaml"))
        }
    }
}
