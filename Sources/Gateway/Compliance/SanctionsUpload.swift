import Compliance
import Crypto
import Foundation
import MekongCore

/// A sanctions list as uploaded, in its publisher's format, read and named:
/// - `un`: the UN Consolidated List's XML, named "UN";
/// - `ofac`: OFAC's `sdn.csv` with its alias file `alt.csv`, named "OFAC SDN";
/// - `local`: Mekong's plain CSV (`LocalSanctionsList.columns`), named by the uploader.
struct SanctionsUpload: Sendable {
    let name: String
    let list: SanctionsList
    /// SHA-256 of the files, hex, in the order read.
    let sha256: String

    static let unName = "UN"
    static let ofacName = "OFAC SDN"

    /// - Throws: `MekongError` (2000) naming what is wrong with the files.
    static func read(source: String, name: String?, files: [String: [UInt8]]) throws(MekongError) -> SanctionsUpload {
        guard let source = SanctionsList.Source(rawValue: source) else {
            throw MekongError.invalid("source must be un, ofac or local")
        }
        func file(_ field: String) throws(MekongError) -> [UInt8] {
            guard let bytes = files[field], !bytes.isEmpty else { throw MekongError.invalid("\(field): the \(source.rawValue) list needs this file") }
            return bytes
        }
        func text(_ field: String) throws(MekongError) -> String {
            // OFAC's CSV files end with a DOS end-of-file mark (U+001A), as published: dropped there, refused anywhere else.
            var bytes = try file(field)[...]
            while source == .ofac, let last = bytes.last, last == 0x1A || last == 0x0A || last == 0x0D { bytes = bytes.dropLast() }
            switch TextRule.file(bytes) {
            case .success(let checked): return checked
            case .failure(let fault): throw MekongError.invalid("\(field): \(fault.message)")
            }
        }
        // The files, read and checked at the input boundary first.
        let texts: [String]
        switch source {
        case .un, .local: texts = [try text("file")]
        case .ofac: texts = [try text("sdn"), try text("alt")]
        }
        var hasher = SHA256()
        for text in texts { hasher.update(data: Data(text.utf8)) }
        let list: SanctionsList
        let listName: String
        do throws(SanctionsListError) {
            switch source {
            case .un:
                list = try UNConsolidatedList.parse(Data(texts[0].utf8))
                listName = unName
            case .ofac:
                list = try OFACSDNList.parse(sdn: texts[0], aliases: texts[1])
                listName = ofacName
            case .local:
                list = try LocalSanctionsList.parse(texts[0])
                guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                    throw SanctionsListError("name: a local list needs a name, such as \"Cambodia FIU\"")
                }
                guard name != unName, name != ofacName else { throw SanctionsListError("name: \"\(name)\" is the name of a published list") }
                listName = name
            }
        } catch {
            throw MekongError.invalid(error.description)
        }
        if source != .local, let name, !name.isEmpty, name != listName {
            throw MekongError.invalid("name: the \(source.rawValue) list is always named \"\(listName)\"")
        }
        guard !list.entries.isEmpty else { throw MekongError.invalid("the \(listName) list has no entries") }
        return SanctionsUpload(name: listName, list: list, sha256: hasher.finalize().map { String(format: "%02x", $0) }.joined())
    }
}
