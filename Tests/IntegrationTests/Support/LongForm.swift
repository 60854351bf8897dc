import Foundation

/// Reliability tests that are long in full run a short form in every CI run and their full
/// form when MEKONG_LONG_FORM=1 (`MEKONG_LONG_FORM=1 scripts/test --filter CrashTests`).
enum LongForm {
    static let enabled = ProcessInfo.processInfo.environment["MEKONG_LONG_FORM"] == "1"

    /// `short` in CI, `long` with the flag.
    static func count(short: Int, long: Int) -> Int { enabled ? long : short }
}
