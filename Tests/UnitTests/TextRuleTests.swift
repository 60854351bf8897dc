import Foundation
import MekongCore
import NIOCore
import Testing

@testable import Gateway

/// The one input boundary's rules (`TextRule`), as a table: NUL alone and hidden in a
/// grapheme, every C0 control, DEL and C1, lengths in code points one past each limit, and
/// grapheme-heavy strings under and over a limit.
@Suite("Input boundary: TextRule")
struct TextRuleTests {
    static let combining = "\u{0301}"

    @Test(
        "NUL is refused by every rule, alone or before a combining mark",
        arguments: [TextRule.line(140), .name(140), .note(500), .identifier(64)])
    func nul(rule: TextRule) {
        #expect(rule.fault(in: "a\u{0}") == .nul)
        #expect(rule.fault(in: "a\u{0}\u{0301}") == .nul)
        #expect(rule.fault(in: "\u{0}") == .nul)
    }

    @Test(
        "every C0 control, DEL and C1 is refused on one line; a note takes tab, LF and CR only",
        arguments: Array(1...0x1F) + [0x7F] + Array(0x80...0x9F))
    func controls(value: UInt32) throws {
        let text = "a" + String(Unicode.Scalar(value)!) + "b"
        #expect(TextRule.line(140).fault(in: text) == .control(value))
        #expect(TextRule.name(140).fault(in: text) == .control(value))
        #expect(TextRule.identifier(64).fault(in: text) == .notPrintableASCII)
        if [0x09, 0x0A, 0x0D].contains(value) {
            #expect(TextRule.note(500).fault(in: text) == nil)
        } else {
            #expect(TextRule.note(500).fault(in: text) == .control(value))
        }
    }

    @Test(
        "lengths count code points: the limit is taken, one more is refused",
        arguments: [TextRule.line(15), .name(140), .note(500), .identifier(64), .line(1000)])
    func limits(rule: TextRule) {
        let letter = rule.characters == .printableASCII ? "x" : "é"
        #expect(rule.fault(in: String(repeating: letter, count: rule.maxLength)) == nil)
        #expect(rule.fault(in: String(repeating: letter, count: rule.maxLength + 1)) == .tooLong(rule.maxLength))
    }

    @Test("grapheme-heavy text: one letter and 139 combining marks is 140 long; 140 marks is 141")
    func graphemes() {
        let under = "Z" + String(repeating: Self.combining, count: 139)
        let over = "Z" + String(repeating: Self.combining, count: 140)
        #expect(under.count == 1 && over.count == 1, "each is one grapheme")
        #expect(TextRule.name(140).fault(in: under) == nil)
        #expect(TextRule.name(140).fault(in: over) == .tooLong(140))
        // A family emoji of 7 code points, 21 times: 21 graphemes, 147 code points.
        let family = String(repeating: "👨‍👩‍👧‍👦", count: 21)
        #expect(TextRule.name(140).fault(in: family) == .tooLong(140))
        #expect(TextRule.line(147).fault(in: family) == nil)
    }

    @Test("names and identifiers must be given; blanks are not names; identifiers are printable ASCII")
    func presence() {
        #expect(TextRule.name(140).fault(in: "") == .empty)
        #expect(TextRule.name(140).fault(in: "   ") == .empty)
        #expect(TextRule.identifier(64).fault(in: "") == .empty)
        #expect(TextRule.identifier(64).fault(in: "has space") == .notPrintableASCII)
        #expect(TextRule.identifier(64).fault(in: "ünï") == .notPrintableASCII)
        #expect(TextRule.identifier(64).fault(in: "pay_01M8XXJF250PBDQVFJBKDZDD4A") == nil)
        #expect(TextRule.line(200).fault(in: "") == nil)
        #expect(TextRule.name(140).fault(in: "Sok Dara") == nil)
        #expect(TextRule.name(140).fault(in: "สมชาย ใจดี") == nil)
    }

    @Test("a file: valid UTF-8, no NUL or control but tab and line breaks; the fault names its byte")
    func files() throws {
        #expect(try TextRule.file(Array("a,b\tc\r\n".utf8)).get() == "a,b\tc\r\n")
        #expect(TextRule.file(Array("ab\u{0}c".utf8)) == .failure(FileFault(offset: 2, fault: .nul)))
        #expect(TextRule.file(Array("é\u{1B}".utf8)) == .failure(FileFault(offset: 2, fault: .control(0x1B))))
        // Overlong UTF-8 for "/" (C0 AF), a lone surrogate (ED A0 80) and a stray continuation byte.
        for bytes: [UInt8] in [[0x61, 0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80]] {
            #expect(TextRule.file(bytes) == .failure(FileFault(offset: nil, fault: .invalidUTF8)))
        }
    }

    @Test("the JSON boundary: lone surrogates in \\u escapes and overlong UTF-8 are refused with 400; a NUL in a grapheme names the field")
    func jsonBodies() throws {
        for body in [#"{"name":"\ud800"}"#, #"{"name":"a\udc00b"}"#] {
            #expect(throws: APIError.self) { try JSONObject.parse(ByteBuffer(string: body)).string("name", .name(140)) }
        }
        var overlong = ByteBuffer(string: #"{"name":""#)
        overlong.writeBytes([0xC0, 0xAF])
        overlong.writeString(#""}"#)
        #expect(throws: APIError.self) { try JSONObject.parse(overlong) }
        do {
            _ = try JSONObject.parse(ByteBuffer(string: #"{"payer":{"name":"a\u0000\u0301"}}"#)).requiredObject("payer").string("name", .name(140))
            Issue.record("a NUL before a combining mark was taken")
        } catch {
            #expect(error.error.message == "field 'payer.name' must not contain NUL characters")
        }
    }

    @Test("the URL guard finds controls percent-encoded in any case, and raw")
    func urls() {
        for uri in ["/v1/payments/pay%00x", "/v1/payments?state=%0a", "/admin/payments?reference=%1F", "/x?y=%7f", "/x?y=%7F", "/a\u{1}b"] {
            #expect(URLControlGuard.carriesControl(uri), "\(uri)")
        }
        for uri in ["/v1/payments?state=SETTLED&limit=20", "/x?y=%20z", "/x?y=%E1%9E%80", "/x?y=%", "/x?y=%2"] {
            #expect(!URLControlGuard.carriesControl(uri), "\(uri)")
        }
    }
}
