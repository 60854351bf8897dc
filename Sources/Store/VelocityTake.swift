/// What a new payment takes from its sender's allowance: the amount, in the corridor's partner
/// currency, counted on the day (in Phnom Penh) it was accepted, and the counters it adds to.
/// The payment keeps the sender, amount and day, so that a rejection, a TIMEOUT or a refund
/// gives back to the same counters (migration 018's triggers).
public struct VelocityTake: Sendable, Equatable {
    public let sender: String
    public let amountMinor: Int64
    /// `YYYY-MM-DD`, Asia/Phnom_Penh.
    public let day: String
    public let charges: [VelocityCharge]

    public init(sender: String, amountMinor: Int64, day: String, charges: [VelocityCharge]) {
        self.sender = sender
        self.amountMinor = amountMinor
        self.day = day
        self.charges = charges
    }
}
