import Foundation
import MekongCore

/// What reconciliation needs of one of Mekong's payments.
struct GatewayPaymentView: Sendable {
    let id: String
    let clientID: String
    /// The reference the partner's file carries.
    let reference: String
    let state: PaymentState
    /// What the partner should have settled (the destination amount).
    let amount: Money
    /// When it last changed: for a settled payment, when it settled.
    let updatedAt: Date
}
