import Logging
import Store

/// Start-up's database work (migrations, sealing secrets) waits for PostgreSQL instead of
/// giving up at the first miss: a gateway started beside its database, or while the machine
/// is busy, would otherwise exit because the first connection or ping came late. Only the
/// database being out of reach is waited out (`StoreError.isUnavailable`), for at most
/// `patience`; any other error stops start-up at once.
enum StartupWait {
    static let patience: Duration = .seconds(60)

    static func untilDatabaseAnswers<Result>(
        logger: Logger, patience: Duration = patience,
        _ work: () async throws -> Result
    ) async throws -> Result {
        let giveUpAt = ContinuousClock.now + patience
        var attempt = 1
        while true {
            do {
                return try await work()
            } catch  where StoreError.isUnavailable(error) && ContinuousClock.now < giveUpAt {
                logger.warning(
                    "PostgreSQL does not answer yet; start-up waits for it",
                    metadata: ["attempt": "\(attempt)", "error": "\(String(reflecting: error))"])
                attempt += 1
                try await Task.sleep(for: .seconds(1))
            }
        }
    }
}
