import Foundation

/// A secret named by where it lives, never by its value: `env:NAME` or `file:PATH`.
public struct SecretReference: Sendable, Equatable, CustomStringConvertible {
    public enum Source: Sendable, Equatable {
        case environment(String)
        case file(String)
    }

    public let source: Source

    /// Parses `env:NAME` or `file:PATH`; anything else is not a reference.
    public init?(_ text: String) {
        if text.hasPrefix("env:"), text.count > 4 {
            source = .environment(String(text.dropFirst(4)))
        } else if text.hasPrefix("file:"), text.count > 5 {
            source = .file(String(text.dropFirst(5)))
        } else {
            return nil
        }
    }

    /// Reads the secret. `nil` when the variable or file is absent.
    public func resolve(environment: [String: String]) -> Secret? {
        switch source {
        case .environment(let name):
            return environment[name].map(Secret.init)
        case .file(let path):
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return Secret(text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    public var description: String {
        switch source {
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        }
    }
}
