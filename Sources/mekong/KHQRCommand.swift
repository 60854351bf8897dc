import ArgumentParser
import Foundation
import KHQR

/// `mekong khqr decode|encode`: support staff check a customer's KHQR code, or make one. No
/// service or key needed.
struct KHQRCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "khqr", abstract: "Decode, check and encode KHQR payloads (offline).",
        subcommands: [Decode.self, Encode.self])

    struct Decode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print a KHQR payload's fields as JSON, with its MD5 and whether it is dynamic; exit 1 with the precise fault if it is invalid."
        )
        @Argument(help: "The payload, e.g. 00020101021230…6304ABCD.") var payload: String
        @Flag(help: "Refuse tags KHQR does not define.") var strict = false

        func run() throws {
            let trimmed = payload.trimmingCharacters(in: .whitespacesAndNewlines)
            let code: KHQRCode
            do throws(KHQRError) { code = try KHQRCodec.decode(trimmed, strict: strict) } catch {
                throw CLIFailure("invalid KHQR: \(error.description)")
            }
            do {
                var object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(code)) as? [String: Any] ?? [:]
                object["md5"] = KHQRCodec.md5(trimmed)
                object["dynamic"] = code.isDynamic
                let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                print(String(decoding: data, as: UTF8.self))
            }
        }
    }

    struct Encode: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Read KHQR fields as JSON (from the argument or standard input) and print the payload. A code with an amount is dynamic.",
            discussion:
                #"Example: mekong khqr encode '{"bakong_account_id":"shop@aclb","merchant_name":"SHOP","merchant_city":"Phnom Penh","currency":"USD","amount":"15.50"}'"#
        )
        @Argument(help: "The fields as JSON; omit to read standard input.") var json: String?
        @Flag(help: "Also print the MD5 on a second line.") var md5 = false

        func run() throws {
            let text = json ?? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let code: KHQRCode
            do { code = try JSONDecoder().decode(KHQRCode.self, from: Data(text.utf8)) } catch {
                throw CLIFailure("the fields are not valid: \(error)")
            }
            let payload: String
            do throws(KHQRError) { payload = try KHQRCodec.encode(code) } catch {
                throw CLIFailure("cannot encode: \(error.description)")
            }
            print(payload)
            if md5 { print(KHQRCodec.md5(payload)) }
        }
    }
}
