import Foundation

/// Polls `condition` every `poll` until it holds or `seconds` have passed, and always asks
/// once more after the deadline: the test process itself can be held up (two cores, many
/// suites at once), and a state read before that pause must not be taken for the final one.
/// Returns whether the condition held.
@discardableResult
func waitUntil(seconds: Double = 20, poll: Duration = .milliseconds(50), _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while true {
        let expired = Date() >= deadline
        if try await condition() { return true }
        if expired { return false }
        try await Task.sleep(for: poll)
    }
}
