import Corridors
import Logging
import Store

/// A dispatch stage: runs a partner call and keeps the exchanges it made (redacted) under the
/// payments it was about, for the console. Keeping them is an observation: a failure to store
/// is logged, never allowed to change the payment's path.
struct ExchangeKeeper: Sendable {
    let exchanges: PartnerExchangeRepository?
    let logger: Logger

    func recorded<T: Sendable>(about paymentIDs: [String], _ call: () async -> T) async -> T {
        guard let exchanges else { return await call() }
        let (result, made) = await ExchangeRecorder.recording(call)
        do { try await exchanges.record(made, paymentIDs: paymentIDs) } catch {
            logger.warning("partner exchanges not kept", metadata: ["payments": "\(paymentIDs.count)", "error": "\(StoreError.summary(error))"])
        }
        return result
    }
}
