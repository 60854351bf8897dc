import Foundation
import KHQR
import MekongCore
import Testing

@Suite("KHQR: the EMVCo codec, field by field, error by error, and at random")
struct KHQRCodecTests {
    static func usd(_ text: String) -> Money { try! Money(parsing: text, currency: .USD) }

    static let full = KHQRCode(
        accountKind: .merchant, bakongAccountID: "coffee_shop@aclb", merchantID: "123456", acquiringBank: "ACLEDA Bank",
        merchantCategoryCode: "5812", currency: .USD, amount: usd("15.50"), countryCode: "KH", merchantName: "COFFEE SHOP PHNOM PENH",
        merchantCity: "Phnom Penh", billNumber: "INV-2026-0001", mobileNumber: "85512345678", storeLabel: "Riverside",
        terminalLabel: "POS-07", createdAtMilliseconds: 1_795_000_000_000, expiresAtMilliseconds: 1_795_000_900_000)

    @Test("CRC-16/CCITT-FALSE matches the standard check value, in upper-case hex")
    func crc() {
        #expect(CRC16.ccittFalse(Array("123456789".utf8)) == 0x29B1)
        #expect(CRC16.hex(0x0A1) == "00A1")
    }

    @Test("a full dynamic code encodes tag by tag in order, ends with a correct CRC, and decodes to the same fields")
    func roundTripFull() throws {
        let payload = try KHQRCodec.encode(Self.full)
        #expect(payload.hasPrefix("000201010212"))
        let account: String = ["3045", "0016coffee_shop@aclb", "0106123456", "0211ACLEDA Bank"].joined()
        let middle: String = ["52045812", "5303840", "540515.50", "5802KH", "5922COFFEE SHOP PHNOM PENH", "6010Phnom Penh"].joined()
        let additional: String = ["6255", "0113INV-2026-0001", "021185512345678", "0309Riverside", "0706POS-07"].joined()
        let stamps: String = ["9934", "00131795000000000", "01131795000900000"].joined()
        #expect(payload.contains(account))
        #expect(payload.contains(middle))
        #expect(payload.contains(additional))
        #expect(payload.contains(stamps))
        let crcStart = payload.index(payload.endIndex, offsetBy: -8)
        #expect(payload[crcStart...].hasPrefix("6304"))
        #expect(CRC16.hex(CRC16.ccittFalse(Array(payload.dropLast(4).utf8))) == String(payload.suffix(4)))
        #expect(try KHQRCodec.decode(payload, strict: true) == Self.full)
    }

    @Test("a static individual code carries no amount; KHR amounts are whole riel")
    func staticAndRiel() throws {
        let individual = KHQRCode(
            accountKind: .individual, bakongAccountID: "sok_dara@wing", currency: .KHR,
            merchantName: "SOK DARA", merchantCity: "Siem Reap")
        let payload = try KHQRCodec.encode(individual)
        #expect(payload.hasPrefix("000201010211") && payload.contains("29170013sok_dara@wing") && payload.contains("5303116"))
        #expect(!payload.contains("54"))
        let decoded = try KHQRCodec.decode(payload)
        #expect(decoded == individual && !decoded.isDynamic)
        var dynamic = individual
        dynamic.amount = try Money(parsing: "25000", currency: .KHR)
        let riel = try KHQRCodec.encode(dynamic)
        #expect(riel.contains("540525000") && riel.hasPrefix("000201010212"))
        #expect(try KHQRCodec.decode(riel).amount == dynamic.amount)
        dynamic.amount = try Money(parsing: "25000.50", currency: .KHR)
        #expect(throws: KHQRError.invalidValue(tag: "54", reason: "KHQR carries whole riel; 25000.50 KHR has a fraction")) {
            try KHQRCodec.encode(dynamic)
        }
    }

    /// Builds a payload from raw fields, with the right CRC unless told otherwise.
    static func payload(_ fields: [(String, String)], crc: String? = nil) -> String {
        var text = fields.map { tag, value in tag + String(format: "%02d", value.count) + value }.joined() + "6304"
        text += crc ?? CRC16.hex(CRC16.ccittFalse(Array(text.utf8)))
        return text
    }

    static let base: [(String, String)] = [
        ("00", "01"), ("01", "12"), ("30", "0009shop@devb"), ("52", "5999"), ("53", "840"), ("54", "1.25"),
        ("58", "KH"), ("59", "SHOP"), ("60", "Phnom Penh"),
    ]

    static func replacing(_ tag: String, with value: String?) -> [(String, String)] {
        base.compactMap { $0.0 == tag ? value.map { (tag, $0) } : $0 }
    }

    static let good: String = payload(base)
    static let faultCases: [(String, String, String)] = {
        var cases: [(String, String, String)] = []
        func add(_ name: String, _ payload: String, _ mention: String) { cases.append((name, payload, mention)) }
        add("wrong CRC", payload(base, crc: "0000"), "the CRC is 0000")
        add("lower-case CRC", String(good.dropLast(4)) + String(good.suffix(4)).lowercased(), "tag 63")
        add("no CRC", good.replacingOccurrences(of: "6304", with: "6404"), "missing")
        add("truncated", String(good.dropLast(3)), "ends early")
        add("bad tag", "0A" + String(good.dropFirst(2)), "two digits")
        add("bad length", "00X101" + String(good.dropFirst(6)), "the length must be two digits")
        add("payload format", payload(replacing("00", with: "02")), "tag 00")
        add("point of initiation", payload(replacing("01", with: "13")), "tag 01")
        add("amount on static", payload(replacing("01", with: "11")), "static code")
        add("no amount on dynamic", payload(replacing("54", with: nil)), "needs an amount")
        add("too many decimals", payload(replacing("54", with: "1.255")), "more decimals")
        add("not an amount", payload(replacing("54", with: "1,25")), "not an amount")
        add("zero amount", payload(replacing("54", with: "0.00")), "more than zero")
        add("currency", payload(replacing("53", with: "764")), "not a currency KHQR carries")
        add("missing merchant name", payload(replacing("59", with: nil)), "required tag 59")
        add("name too long", payload(replacing("59", with: String(repeating: "A", count: 26))), "longer than 25")
        add("category code", payload(replacing("52", with: "59A9")), "four digits")
        add("country", payload(replacing("58", with: "kh")), "two upper-case letters")
        add("no account", payload(replacing("30", with: nil)), "29 or 30")
        add("account id", payload(replacing("30", with: "0008shopdevb")), "name@bank")
        add("duplicate", payload(base + [("58", "KH")]), "appears twice")
        add("both templates", payload(base + [("29", "0009shop@devb")]), "not both")
        add("timestamp", payload(base + [("99", "00031x3")]), "milliseconds")
        return cases
    }()

    @Test("every fault gets its own precise error", arguments: faultCases)
    func faults(name: String, payload: String, mention: String) {
        do {
            _ = try KHQRCodec.decode(payload)
            Issue.record("\(name): decoded without error")
        } catch {
            #expect(error.description.contains(mention), "\(name): \(error.description)")
        }
    }

    @Test("strict decoding refuses a tag KHQR does not define; lenient decoding skips it")
    func strictness() throws {
        let withExtra = Self.payload(Self.base + [("64", "0002km")])
        #expect(throws: KHQRError.unknownTag("64")) { try KHQRCodec.decode(withExtra, strict: true) }
        #expect(try KHQRCodec.decode(withExtra).merchantName == "SHOP")
        let extraSub = Self.payload(Self.base + [("62", "0504ABCD")])
        #expect(throws: KHQRError.unknownTag("62.05")) { try KHQRCodec.decode(extraSub, strict: true) }
    }

    @Test("encoding refuses what could not be decoded back")
    func encodeRefusals() {
        var code = Self.full
        code.merchantName = "ស្រីពៅ"
        #expect(throws: KHQRError.notPrintableASCII(tag: "59")) { try KHQRCodec.encode(code) }
        code = Self.full
        code.merchantCity = "Sihanoukville Province"
        #expect(throws: KHQRError.tooLong(tag: "60", maximum: 15)) { try KHQRCodec.encode(code) }
        code = Self.full
        code.currency = .THB
        code.amount = try? Money(parsing: "10.00", currency: .THB)
        #expect(throws: KHQRError.self) { try KHQRCodec.encode(code) }
        code = Self.full
        code.expiresAtMilliseconds = code.createdAtMilliseconds
        #expect(throws: KHQRError.self) { try KHQRCodec.encode(code) }
        code = Self.full
        code.billNumber = String(repeating: "B", count: 25)
        code.storeLabel = String(repeating: "S", count: 25)
        code.terminalLabel = String(repeating: "T", count: 25)
        #expect(throws: KHQRError.tooLong(tag: "62", maximum: 99)) { try KHQRCodec.encode(code) }
    }

    @Test("the MD5 is the lower-case hex digest of the whole payload")
    func md5() {
        #expect(KHQRCodec.md5("") == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(KHQRCodec.md5("The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6")
    }

    @Test("decode(encode(x)) == x for 2,000 random valid codes")
    func randomRoundTrips() throws {
        var generator = SystemRandomNumberGenerator()
        let printable = (0x20...0x7E).map { Character(UnicodeScalar($0)!) }
        func text(_ range: ClosedRange<Int>) -> String {
            String((0..<Int.random(in: range, using: &generator)).map { _ in printable.randomElement(using: &generator)! })
        }
        func maybe(_ range: ClosedRange<Int>) -> String? { Bool.random(using: &generator) ? text(range) : nil }
        for _ in 0..<2000 {
            let currency: Currency = Bool.random(using: &generator) ? .USD : .KHR
            let amount: Money? =
                Bool.random(using: &generator)
                ? Money(
                    minorUnits: currency == .KHR
                        ? Int64.random(in: 1...9_999_999, using: &generator) * 100 : Int64.random(in: 1...999_999_999, using: &generator),
                    currency: currency)
                : nil
            let created: Int64? = Bool.random(using: &generator) ? Int64.random(in: 0...9_000_000_000_000, using: &generator) : nil
            let code = KHQRCode(
                accountKind: Bool.random(using: &generator) ? .individual : .merchant,
                bakongAccountID: text(1...15) + "@" + text(1...15), merchantID: maybe(1...25), acquiringBank: maybe(1...25),
                merchantCategoryCode: String(format: "%04d", Int.random(in: 0...9999, using: &generator)), currency: currency, amount: amount,
                merchantName: text(1...25), merchantCity: text(1...15), billNumber: maybe(1...20), mobileNumber: maybe(1...20),
                storeLabel: maybe(1...20), terminalLabel: maybe(1...20), createdAtMilliseconds: created,
                expiresAtMilliseconds: created.map { $0 + Int64.random(in: 1...999_999_999, using: &generator) })
            let payload = try KHQRCodec.encode(code)
            #expect(try KHQRCodec.decode(payload, strict: true) == code, "\(payload)")
        }
    }
}
