import Corridors
import Foundation
import Gateway
import MekongCore
import Store
import Testing

@Suite("Small parts: redaction, API keys, ids, SQL splitting, secrets")
struct SmallPartsTests {
    @Test("logged exchanges keep only the last four characters of account numbers and drop secrets")
    func redaction() {
        let body = Array(
            #"{"creditor":{"account":"1234567890","name":"B"},"debtor":{"account":"012345678901"},"access_token":"abc.def","amount":"10.00"}"#.utf8)
        let redacted = Redaction.redactJSON(body)
        #expect(!redacted.contains("1234567890") && !redacted.contains("012345678901") && !redacted.contains("abc.def"))
        #expect(redacted.contains("******7890") && redacted.contains("********8901") && redacted.contains("10.00"))
        #expect(Redaction.redactHeader(name: "Authorization", value: "Bearer x") == "<redacted>")
        #expect(AccountMask.mask("1234") == "****")
    }

    @Test("account numbers are masked under the partners' own key names: NAPAS, DuitNow (ISO 20022), Bakong")
    func redactionInPartnersWords() {
        let napas = Redaction.redactJSON(Array(#"{"amount":252095,"creditorAccount":"1234567890","debtorAccount":"012345678901"}"#.utf8))
        let duitnow = Redaction.redactJSON(
            Array(#"{"Items":[{"Cdtr":{"Nm":"B"},"CdtrAcct":{"AcctId":"5566778899"},"DbtrAcctId":"9876543210"}]}"#.utf8))
        let bakong = Redaction.redactJSON(Array(#"{"toAccountId":"1111222233","fromAccountId":"9999999999","amount":"1.00"}"#.utf8))
        for (text, full) in [
            (napas, "1234567890"), (napas, "012345678901"), (duitnow, "5566778899"), (duitnow, "9876543210"),
            (bakong, "1111222233"), (bakong, "9999999999"),
        ] {
            #expect(!text.contains(full), "\(full) in \(text)")
            #expect(text.contains(String(full.suffix(4))), "the last four of \(full) stay")
        }
        #expect(napas.contains("252095") && bakong.contains("1.00"), "amounts are not touched")
    }

    @Test("API keys carry a prefix and a checksum, and are stored only as a hash")
    func apiKeys() {
        let made = APIKeyMaker.make(role: "app", name: "t", clientID: nil)
        #expect(made.plaintext.hasPrefix("mk_test_") && made.plaintext.count == 46)
        #expect(APIKeyMaker.isWellFormed(made.plaintext))
        var typo = Array(made.plaintext)
        typo[20] = typo[20] == "a" ? "b" : "a"
        #expect(!APIKeyMaker.isWellFormed(String(typo)))
        #expect(made.secretHash == APIKeyMaker.hash(made.plaintext) && made.secretHash.count == 32)
        #expect(made.record.prefix == String(made.plaintext.prefix(12)))
        #expect(!"\(made.record)".contains(made.plaintext))
    }

    @Test("ids carry their prefix and sort by creation time")
    func identifiers() {
        let first = Identifier.make("pay", at: Date(timeIntervalSince1970: 1_700_000_000))
        let second = Identifier.make("pay", at: Date(timeIntervalSince1970: 1_700_000_000.002))
        #expect(first < second)
        #expect(Identifier.isWellFormed(first, prefix: "pay") && !Identifier.isWellFormed(first, prefix: "qte"))
    }

    @Test("migrations split into statements outside quotes, dollar bodies and comments")
    func sqlSplitting() {
        let script = """
            -- a comment; with a semicolon
            CREATE TABLE a (x text DEFAULT 'a;b');
            CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN RAISE 'no; way'; END $$ LANGUAGE plpgsql;
            INSERT INTO a VALUES ('it''s');
            """
        let statements = SQLScript.statements(in: script)
        #expect(statements.count == 3)
        #expect(statements[0].hasPrefix("CREATE TABLE a") && statements[0].contains("'a;b'"))
        #expect(statements[1].contains("RAISE 'no; way'"))
    }

    @Test("secrets never print, and specs name them by reference")
    func secrets() {
        let secret = Secret("hunter2")
        #expect("\(secret)" == "<redacted>" && String(reflecting: secret) == "<redacted>")
        #expect(SecretReference("env:X")?.resolve(environment: ["X": "v"])?.reveal() == "v")
        #expect(SecretReference("hunter2") == nil)
    }

    @Test("every error code has one HTTP status and the NBC table is complete")
    func errorTable() {
        let standard = ErrorCode.all.filter(\.isBakongStandard).map(\.number)
        #expect(standard == [1001, 1002, 2001, 2003, 2005, 2007, 3001, 3003, 4001, 5001])
        #expect(Set(ErrorCode.all.map(\.number)).count == ErrorCode.all.count)
        #expect(ErrorCode.limitExceeded.httpStatus == 422 && ErrorCode.corridorUnavailable.httpStatus == 503)
        #expect(ErrorCode.transactionTimeout.retryable && !ErrorCode.insufficientFunds.retryable)
    }
}
