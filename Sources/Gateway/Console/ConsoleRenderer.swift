import Foundation
import Mustache

/// The console's templates (`Resources/console/*.mustache`): a page is rendered, then set in
/// the layout with the navigation, the signed-in key and the notice of the last action.
struct ConsoleRenderer: Sendable {
    let library: MustacheLibrary

    struct MissingTemplates: Error, CustomStringConvertible {
        let reason: String
        var description: String { "console templates: \(reason)" }
    }

    static func load() throws -> ConsoleRenderer {
        guard let folder = Bundle.module.url(forResource: "console", withExtension: nil, subdirectory: "Resources") else {
            throw MissingTemplates(reason: "the Resources/console folder is missing")
        }
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        return ConsoleRenderer(library: library)
    }

    /// The whole page: `template` rendered with `data`, inside the layout.
    func page(_ template: String, title: String, data: [String: Any], session: ConsoleSession?, notice: ConsoleNotice?) -> String {
        var data = data
        if let session {
            data["csrf"] = session.csrfToken
            data["may_operate"] = session.mayOperate
            data["may_manage_rates"] = session.mayManageRates
            data["may_manage_funds"] = session.mayManageFunds
        }
        let body = library.render(data, withTemplate: template) ?? "<p>template \(template) is missing</p>"
        var layout: [String: Any] = ["title": title, "body": body, "page_\(template)": true]
        if let session {
            layout["session"] = [
                "key_id": session.caller.keyID, "key_name": session.keyName, "role": session.caller.role.rawValue,
                "csrf": session.csrfToken, "may_operate": session.mayOperate, "may_manage_rates": session.mayManageRates,
            ]
        }
        if let notice { layout["notice"] = ["text": notice.text, "error": notice.isError] }
        return library.render(layout, withTemplate: "layout") ?? body
    }
}
