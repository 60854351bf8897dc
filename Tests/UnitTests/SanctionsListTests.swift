import Compliance
import Foundation
import Testing

@Suite("Sanctions lists in their publishers' formats: the UN's XML, OFAC's SDN CSV, a local CSV")
struct SanctionsListTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("sanctions")

    static func text(_ name: String) throws -> String { try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) }

    @Test("the UN sample: individuals and entities, names joined, every alias, dates of birth, nationalities, the date generated")
    func unList() throws {
        let list = try UNConsolidatedList.parse(try Data(contentsOf: Self.folder.appendingPathComponent("un-consolidated-sample.xml")))
        #expect(list.source == .un)
        #expect(list.publishedAt.map { ISO8601DateFormatter().string(from: $0) } == "2026-11-30T09:15:02Z")
        #expect(list.entries.map(\.reference) == ["XXi.001", "XXi.002", "XXi.003", "XXe.001"])
        let first = try #require(list.entries.first)
        #expect(first.names == ["CHHAY SOPHAL", "Sophal Chay", "Ta Phal"] && first.kind == .individual)
        #expect(first.datesOfBirth == ["1971-06-02"] && first.countries == ["KH"])
        #expect(list.entries[1].datesOfBirth == ["1966"] && list.entries[1].countries == ["CN"])
        #expect(list.entries[2].names == ["NGUYỄN VĂN THÀNH"] && list.entries[2].countries == ["VN"])
        #expect(list.entries[3].kind == .entity && list.entries[3].names == ["MEKONG DELTA LOGISTICS TRADING COMPANY", "MDL Trading"])
    }

    @Test("a UN file that is not the list, or not XML, is refused with the reason")
    func unRefusals() {
        #expect(throws: SanctionsListError.self) { try UNConsolidatedList.parse(Data("<OTHER/>".utf8)) }
        #expect(throws: SanctionsListError.self) { try UNConsolidatedList.parse(Data("<CONSOLIDATED_LIST><INDIVIDUALS>".utf8)) }
        #expect(throws: SanctionsListError.self) {
            try UNConsolidatedList.parse(
                Data("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>A</FIRST_NAME></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>".utf8))
        }
    }

    @Test("the OFAC sample: quoted names with commas, aliases from alt.csv, DOB and nationality from the remarks, vessels left out")
    func ofacList() throws {
        let list = try OFACSDNList.parse(sdn: try Self.text("ofac-sdn-sample.csv"), aliases: try Self.text("ofac-alt-sample.csv"))
        #expect(list.source == .ofac && list.publishedAt == nil)
        #expect(list.entries.map(\.reference) == ["OFAC-36001", "OFAC-36002", "OFAC-36003"])
        let rashid = list.entries[0]
        #expect(rashid.names == ["AL-RASHID, Mohammed Yusuf", "RASHID, Muhammad", "ABU YUSUF"])
        #expect(rashid.datesOfBirth == ["1969-03-14", "1970"] && rashid.countries == ["IQ"] && rashid.program == "SDGT")
        #expect(list.entries[1].datesOfBirth == ["1975-01"] && list.entries[1].countries == ["TH"])
        #expect(list.entries[2].kind == .entity && list.entries[2].names == ["GOLDEN TRIANGLE HOLDINGS LIMITED", "GTH LTD."])
    }

    @Test("an OFAC record with too few fields, or a quote left open, is refused with its record number")
    func ofacRefusals() {
        #expect(throws: SanctionsListError("sdn.csv record 1: 3 fields, expected 12")) {
            try OFACSDNList.parse(sdn: "1,\"A\",individual\n", aliases: "")
        }
        #expect(throws: SanctionsListError("record 1: a quoted field is not closed")) { try OFACSDNList.parse(sdn: "1,\"A, B\n", aliases: "") }
    }

    @Test("the local sample, and each of its refusals")
    func localList() throws {
        let list = try LocalSanctionsList.parse(try Self.text("local-sample.csv"))
        #expect(list.entries.count == 3)
        #expect(list.entries[0].names == ["Sok Visal", "Sok Vesal", "Visal Sok"] && list.entries[0].datesOfBirth == ["1975-04-12"])
        #expect(list.entries[1].kind == .entity && list.entries[1].datesOfBirth.isEmpty && list.entries[1].countries == ["KH"])
        let header = "reference,name,date_of_birth,country,kind\n"
        let refusals: [(String, String)] = [
            ("", "local list: the file is empty"),
            ("name\nA\n", "local list: no reference column (columns: reference, name, aliases, date_of_birth, country, kind, program)"),
            (
                "reference,name,colour\n",
                "local list: unknown column colour (columns: reference, name, aliases, date_of_birth, country, kind, program)"
            ),
            (header + "R1,A,1975-4-1,KH,individual\n", "local list, line 2: date_of_birth 1975-4-1 is not YYYY-MM-DD, YYYY-MM or YYYY"),
            (header + "R1,A,,KHM,individual\n", "local list, line 2: country KHM is not an ISO 3166-1 alpha-2 code"),
            (header + "R1,A,,,vessel\n", "local list, line 2: kind vessel is not individual or entity"),
            (header + "R1,A,,,\nR1,B,,,\n", "local list, line 3: reference R1 appears twice"),
            (header + "R1,,,,\n", "local list, line 2: reference and name are required"),
            (header + "R1,A\n", "local list, line 2: 2 fields, expected 5"),
        ]
        for (text, reason) in refusals {
            #expect(throws: SanctionsListError(reason)) { try LocalSanctionsList.parse(text) }
        }
    }

    @Test("the three samples screened together: each list's people are found under their other spellings")
    func samplesScreened() throws {
        let un = try UNConsolidatedList.parse(try Data(contentsOf: Self.folder.appendingPathComponent("un-consolidated-sample.xml")))
        let ofac = try OFACSDNList.parse(sdn: try Self.text("ofac-sdn-sample.csv"), aliases: try Self.text("ofac-alt-sample.csv"))
        let local = try LocalSanctionsList.parse(try Self.text("local-sample.csv"))
        let index = ScreeningIndex(entries: un.entries + ofac.entries + local.entries)
        #expect(index.screen(ScreeningSubject(name: "Chay Sophal"), threshold: 0.9).first?.entry.reference == "XXi.001")
        #expect(index.screen(ScreeningSubject(name: "Muhammad Rashid"), threshold: 0.9).first?.entry.reference == "OFAC-36001")
        #expect(index.screen(ScreeningSubject(name: "Visal Sok"), threshold: 0.9).first?.entry.reference == "KH-FIU-0001")
        #expect(index.screen(ScreeningSubject(name: "Sok Dara"), threshold: 0.9).isEmpty)
    }
}
