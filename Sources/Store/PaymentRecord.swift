public import Foundation
public import MekongCore

/// A payment as stored: its current state and version, amounts, parties and dispatch
/// bookkeeping. Account numbers are held in full here and masked everywhere they leave.
public struct PaymentRecord: Sendable, Equatable {
    public let id: String
    public let clientID: String
    /// The app's own reference for the payment, if it gave one (not unique: apps search by it).
    public let clientReference: String?
    /// The quote it was created from; inbound payments have none.
    public let quoteID: String?
    public let direction: PaymentDirection
    /// Inbound: the partner's own reference, unique per corridor.
    public let partnerTransferRef: String?
    public let corridorID: String
    public let paymentType: PaymentType
    public let flow: PaymentFlow
    public var state: PaymentState
    public var version: Int
    public let sourceAmount: Money
    public let fee: Money
    public let destinationAmount: Money
    public let referenceRate: Rate
    public let customerRate: Rate
    public let snapshotID: String
    public let payerName: String
    public let payerAccount: String
    public let beneficiaryName: String
    public let beneficiaryAccount: String
    public var errorCode: Int?
    public var errorMessage: String?
    public var partnerReference: String?
    public var dispatchAttempts: Int
    public var inquiryAttempts: Int
    public var nextActionAt: Date?
    public var needsReview: Bool
    /// Why the payment waits before hand-off (4001 Bakong maintenance), until `nextActionAt`.
    public var holdCode: Int?
    /// Batch corridors: the settlement cycle the payment joined.
    public var cycle: SettlementCycle?
    public let createdAt: Date
    public var updatedAt: Date
    /// With tracing on, the W3C `traceparent` of the request that created the payment: later
    /// work on it (hand-off, inquiries, settlement, webhooks) continues that trace.
    public var traceParent: String?

    public init(
        id: String, clientID: String, clientReference: String? = nil, quoteID: String?, direction: PaymentDirection = .outbound,
        partnerTransferRef: String? = nil, corridorID: String, paymentType: PaymentType,
        flow: PaymentFlow, state: PaymentState, version: Int, sourceAmount: Money, fee: Money,
        destinationAmount: Money, referenceRate: Rate, customerRate: Rate, snapshotID: String,
        payerName: String, payerAccount: String, beneficiaryName: String, beneficiaryAccount: String,
        errorCode: Int? = nil, errorMessage: String? = nil, partnerReference: String? = nil,
        dispatchAttempts: Int = 0, inquiryAttempts: Int = 0, nextActionAt: Date? = nil,
        needsReview: Bool = false, holdCode: Int? = nil, cycle: SettlementCycle? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.clientID = clientID
        self.clientReference = clientReference
        self.quoteID = quoteID
        self.direction = direction
        self.partnerTransferRef = partnerTransferRef
        self.corridorID = corridorID
        self.paymentType = paymentType
        self.flow = flow
        self.state = state
        self.version = version
        self.sourceAmount = sourceAmount
        self.fee = fee
        self.destinationAmount = destinationAmount
        self.referenceRate = referenceRate
        self.customerRate = customerRate
        self.snapshotID = snapshotID
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.beneficiaryName = beneficiaryName
        self.beneficiaryAccount = beneficiaryAccount
        self.errorCode = errorCode
        self.errorMessage = errorMessage
        self.partnerReference = partnerReference
        self.dispatchAttempts = dispatchAttempts
        self.inquiryAttempts = inquiryAttempts
        self.nextActionAt = nextActionAt
        self.needsReview = needsReview
        self.holdCode = holdCode
        self.cycle = cycle
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// Whether it is a live payment (not made with a test key); see `ClientPartition`.
    public var livemode: Bool { ClientPartition.isLive(clientID) }

    /// Held for compliance review (hold 6001): never handed off until a review releases it.
    public var isHeldForReview: Bool { holdCode == ErrorCode.complianceHold.number }

    /// The state machine positioned at this record's state and version.
    public var machine: PaymentStateMachine {
        PaymentStateMachine(flow: flow, state: state, version: version, held: isHeldForReview)
    }

    /// What the adapter sends to the partner.
    public var instruction: TransferInstruction {
        TransferInstruction(
            reference: id, paymentType: paymentType, sourceAmount: sourceAmount,
            destinationAmount: destinationAmount, payerName: payerName, payerAccount: payerAccount,
            beneficiaryName: beneficiaryName, beneficiaryAccount: beneficiaryAccount)
    }
}
