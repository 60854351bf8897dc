import Corridors
import Foundation
import MekongCore

/// The corridor specs in the repository's `corridors/` folder, as the gateway loads them.
enum ShippedCorridors {
    static let specs: [CorridorSpec] = {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("corridors").path
        return try! CorridorSpecFile.loadAll(directory: directory, environment: [:])
    }()

    static func spec(_ id: String) -> CorridorSpec? { specs.first { $0.id == id } }
}
