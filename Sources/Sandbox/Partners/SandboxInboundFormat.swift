/// How one simulated foreign partner words an inbound credit for a Cambodian payee (its own
/// instruction format), and what it books on its own ledger once the gateway has taken it.
/// Each partner's folder holds its format; `SandboxPartners` lists them.
protocol SandboxInboundFormat: Sendable {
    var corridor: String { get }
    /// The partner's instruction for `order`, with the scanned KHQR code when it pays a charge.
    func instruction(_ order: InboundSender.Order) -> [String: Any]
    /// What the partner books after the gateway accepted the credit (for its settlement file),
    /// from the gateway's answer and the instruction sent; nil when it books nothing.
    func booking(answer: [String: Any], instruction: [String: Any]) -> SandboxInboundBooking?
}

/// A credit the partner books on its own ledger.
struct SandboxInboundBooking {
    let reference: String
    let amount: String
    let currency: String
    let account: String
}

extension SandboxInboundFormat {
    func booking(answer: [String: Any], instruction: [String: Any]) -> SandboxInboundBooking? { nil }
}
