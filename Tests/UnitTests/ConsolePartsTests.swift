import Foundation
import MekongCore
import NIOCore
import Testing

@testable import Gateway

@Suite("Console parts and input guards: forms, notices, ages, URLs, NUL")
struct ConsolePartsTests {
    @Test("a urlencoded form decodes + and percent escapes; blank fields read as absent")
    func form() {
        let form = ConsoleForm(Array("reason=PromptPay+incident%2042&until=&csrf=a%2Bb&empty".utf8))
        #expect(form["reason"] == "PromptPay incident 42")
        #expect(form.text("until") == nil && form["until"] == "")
        #expect(form["csrf"] == "a+b" && form["empty"] == "")
        #expect(form.text("missing") == nil)
    }

    @Test("a notice survives its cookie, error or not, whatever its text")
    func notice() {
        for notice in [
            ConsoleNotice(text: "KH-TH is closed to new payments.", isError: false),
            ConsoleNotice(text: "this route needs the ops role; the key has treasury (1003) ; = , \"", isError: true),
        ] {
            let value = notice.cookieValue
            #expect(value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "%" }, "cookie-safe: \(value)")
            #expect(ConsoleNotice(cookieValue: value) == notice)
        }
        #expect(ConsoleNotice(cookieValue: "forged") == nil)
    }

    @Test("ages read as people say them")
    func ages() {
        #expect(ConsoleBackend.age(seconds: 45) == "45 s")
        #expect(ConsoleBackend.age(seconds: 720) == "12 min")
        #expect(ConsoleBackend.age(seconds: 3600) == "1 h")
        #expect(ConsoleBackend.age(seconds: 12_000) == "3 h 20 min")
        #expect(ConsoleBackend.age(seconds: 86_400 * 2 + 3600 * 4) == "2 d 4 h")
    }

    @Test("webhook endpoints are shown without their query, fragment or credentials")
    func endpoints() {
        #expect(DeliverySummaryView.withoutQuery("https://user:pw@hooks.example.com/mekong?token=s3cret#x") == "https://hooks.example.com/mekong")
    }

    @Test("NUL never gets in: JSON strings with \\u0000 are refused by both JSON readers")
    func nul() throws {
        #expect(throws: ExactJSON.SyntaxError.self) { try ExactJSON.parse(Array(#"{"name":"a\u0000b"}"#.utf8)) }
        #expect(try ExactJSON.parse(Array(#"{"name":"a\u0001b"}"#.utf8))["name"] == .string("a\u{1}b"))
        let object = try JSONObject.parse(ByteBuffer(string: #"{"reason":"x\u0000y","tags":["ok","n\u0000"]}"#))
        #expect(throws: APIError.self) { try object.string("reason") }
        #expect(throws: APIError.self) { try object.strings("tags") }
    }
}
