import Foundation
public import MekongCore
import Yams

/// Loads `GatewayConfig` from a YAML file, then applies `MEKONG_…` environment overrides.
///
/// Unknown keys are refused (a typo must not silently fall back to a default), and every
/// fault names the file, the key and the reason. `DATABASE_URL` fills `database.url` when
/// neither the file nor `MEKONG_DATABASE_URL` gives it.
public enum GatewayConfigFile {
    public static func load(path: String?, environment: [String: String]) throws(ConfigurationError) -> GatewayConfig {
        var flat: [String: ConfigValue] = [:]
        let fileName = path ?? "(defaults)"
        if let path {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
                throw ConfigurationError(file: path, field: "(file)", reason: "cannot be read: \(error.localizedDescription)")
            }
            let node: Any?
            do { node = try Yams.load(yaml: text) } catch {
                throw ConfigurationError(file: path, field: "(document)", reason: "not valid YAML: \(error)")
            }
            if let node {
                guard let root = node as? [String: Any] else {
                    throw ConfigurationError(file: path, field: "(document)", reason: "must be a mapping of sections")
                }
                try flatten(root, prefix: "", into: &flat, file: path)
            }
        }
        var config = GatewayConfig()
        let keys = Dictionary(uniqueKeysWithValues: ConfigKey.all.map { ($0.path, $0) })
        var ageKeys: [String: ConfigValue] = [:]
        for (path, value) in flat.sorted(by: { $0.key < $1.key }) {
            if path.hasPrefix("fx.max_age_seconds.") {
                ageKeys[String(path.dropFirst("fx.max_age_seconds.".count))] = value
                continue
            }
            guard let key = keys[path] else {
                throw ConfigurationError(file: fileName, field: path, reason: "is not a known setting")
            }
            do { try key.apply(&config, value) } catch {
                throw ConfigurationError(file: fileName, field: path, reason: error.reason)
            }
        }
        for (provider, value) in ageKeys {
            do { config.maxRateAge[provider] = TimeInterval(try value.int(in: 1...31_536_000)) } catch {
                throw ConfigurationError(file: fileName, field: "fx.max_age_seconds.\(provider)", reason: error.reason)
            }
        }
        for key in ConfigKey.all {
            guard let text = environment[key.environmentName] else { continue }
            do { try key.apply(&config, .text(text)) } catch {
                throw ConfigurationError(file: "environment", field: key.environmentName, reason: error.reason)
            }
        }
        for (name, text) in environment where name.hasPrefix("MEKONG_FX_MAX_AGE_SECONDS_") {
            let provider = String(name.dropFirst("MEKONG_FX_MAX_AGE_SECONDS_".count))
            do { config.maxRateAge[provider] = TimeInterval(try ConfigValue.text(text).int(in: 1...31_536_000)) } catch {
                throw ConfigurationError(file: "environment", field: name, reason: error.reason)
            }
        }
        if config.databaseURL.isEmpty, let url = environment["DATABASE_URL"] { config.databaseURL = url }
        return config
    }

    private static func flatten(_ map: [String: Any], prefix: String, into flat: inout [String: ConfigValue], file: String) throws(ConfigurationError)
    {
        for (key, value) in map {
            let path = prefix.isEmpty ? key : prefix + "." + key
            switch value {
            case let nested as [String: Any]: try flatten(nested, prefix: path, into: &flat, file: file)
            case let list as [Any]:
                var items: [ConfigValue] = []
                for item in list {
                    guard let scalar = scalarValue(item) else {
                        throw ConfigurationError(file: file, field: path, reason: "must be a list of plain values")
                    }
                    items.append(scalar)
                }
                flat[path] = .list(items)
            default:
                guard let scalar = scalarValue(value) else {
                    throw ConfigurationError(file: file, field: path, reason: "has a value of an unsupported type")
                }
                flat[path] = scalar
            }
        }
    }

    private static func scalarValue(_ value: Any) -> ConfigValue? {
        switch value {
        case let b as Bool: .flag(b)
        case let i as Int: .number(i)
        case let s as String: .text(s)
        default: nil
        }
    }

    /// Every environment variable the gateway reads, for `--help` and the README.
    public static var environmentVariables: [String] {
        ConfigKey.all.map(\.environmentName) + ["MEKONG_FX_MAX_AGE_SECONDS_<PROVIDER>", "MEKONG_CORRIDOR_<ID>_BASE_URL", "DATABASE_URL"]
    }
}
