import Foundation
import Gateway
import MekongCore
import Testing

@Suite("Gateway config: file, environment overrides and mistakes")
struct GatewayConfigFileTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cfg-\(UInt64.random(in: 0...UInt64.max)).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the shipped config loads, and DATABASE_URL fills the database URL")
    func shipped() throws {
        let config = try GatewayConfigFile.load(
            path: Self.repository.appendingPathComponent("config/mekong.yaml").path,
            environment: ["DATABASE_URL": "postgres://u@h/db"])
        #expect(config.port == 8080 && config.host == "127.0.0.1")
        #expect(config.databaseURL == "postgres://u@h/db")
        #expect(config.maxRateAge["NBC_SBV"] == 172_800)
        #expect(config.inquirySchedule.first == 1)
    }

    @Test("every key can be overridden by its MEKONG_ variable")
    func overrides() throws {
        let path = try write("server:\n  port: 8080\n")
        let config = try GatewayConfigFile.load(
            path: path,
            environment: [
                "MEKONG_SERVER_PORT": "9191", "MEKONG_DATABASE_URL": "postgres://a@b/c", "DATABASE_URL": "postgres://ignored@x/y",
                "MEKONG_DISPATCH_INQUIRY_SCHEDULE_SECONDS": "3, 4", "MEKONG_FX_ALLOW_SAMPLE_RATES": "true",
                "MEKONG_FX_MAX_AGE_SECONDS_NBC": "120",
            ])
        #expect(config.port == 9191)
        #expect(config.databaseURL == "postgres://a@b/c")
        #expect(config.inquirySchedule == [3, 4])
        #expect(config.allowSampleRates)
        #expect(config.maxRateAge["NBC"] == 120)
        #expect(GatewayConfigFile.environmentVariables.contains("MEKONG_SERVER_PORT"))
    }

    @Test(
        "mistakes name the file and the key",
        arguments: [
            ("server:\n  prot: 8080\n", "server.prot"),
            ("server:\n  port: seventy\n", "server.port"),
            ("server:\n  port: 70000\n", "server.port"),
            ("database:\n  auto_migrate: maybe\n", "database.auto_migrate"),
            ("log:\n  level: loud\n", "log.level"),
            ("dispatch:\n  inquiry_schedule_seconds: []\n", "dispatch.inquiry_schedule_seconds"),
            ("fx:\n  max_age_seconds:\n    NBC: -1\n", "fx.max_age_seconds.NBC"),
        ])
    func mistakes(yaml: String, field: String) throws {
        let path = try write(yaml)
        do {
            _ = try GatewayConfigFile.load(path: path, environment: [:])
            Issue.record("accepted \(field)")
        } catch {
            #expect(error.file == path)
            #expect(error.field == field, "got \(error)")
        }
    }

    @Test("a bad environment override names the variable")
    func badEnvironment() {
        do {
            _ = try GatewayConfigFile.load(path: nil, environment: ["MEKONG_SERVER_PORT": "x"])
            Issue.record("accepted")
        } catch {
            #expect(error.file == "environment" && error.field == "MEKONG_SERVER_PORT")
        }
    }
}
