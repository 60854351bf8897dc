import Foundation

/// A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with
/// openssl for one test run, so the sandbox can serve mutual TLS.
struct TestCertificates: Sendable {
    let caPath: String
    let serverCertificatePath: String
    let serverKeyPath: String
    let clientCertificatePath: String
    let clientKeyPath: String

    static func make(in directory: String) async throws -> TestCertificates {
        let d = directory
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        try "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n".write(toFile: "\(d)/server.ext", atomically: true, encoding: .utf8)
        try "extendedKeyUsage=clientAuth\n".write(toFile: "\(d)/client.ext", atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(d)/ca.key", "-out", "\(d)/ca.pem", "-days", "2", "-subj",
                "/CN=Mekong Test CA",
            ],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(d)/server.key", "-out", "\(d)/server.csr", "-subj", "/CN=127.0.0.1"],
            [
                "x509", "-req", "-in", "\(d)/server.csr", "-CA", "\(d)/ca.pem", "-CAkey", "\(d)/ca.key", "-CAcreateserial",
                "-out", "\(d)/server.pem", "-days", "2", "-extfile", "\(d)/server.ext",
            ],
            ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(d)/client.key", "-out", "\(d)/client.csr", "-subj", "/CN=mekong-gateway"],
            [
                "x509", "-req", "-in", "\(d)/client.csr", "-CA", "\(d)/ca.pem", "-CAkey", "\(d)/ca.key", "-CAcreateserial",
                "-out", "\(d)/client.pem", "-days", "2", "-extfile", "\(d)/client.ext",
            ],
        ]
        for step in steps {
            let result = try await TestProcess.run("/usr/bin/openssl", step, environment: ProcessInfo.processInfo.environment)
            guard result.status == 0 else { throw StackError("openssl \(step.first!) failed: \(result.output)") }
        }
        return TestCertificates(
            caPath: "\(d)/ca.pem", serverCertificatePath: "\(d)/server.pem", serverKeyPath: "\(d)/server.key",
            clientCertificatePath: "\(d)/client.pem", clientKeyPath: "\(d)/client.key")
    }
}
