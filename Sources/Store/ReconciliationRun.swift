public import Foundation

/// One import of a corridor's settlement file for one business day.
public struct ReconciliationRun: Sendable, Equatable {
    public let id: String
    public let corridorID: String
    /// YYYY-MM-DD, Asia/Phnom_Penh.
    public let businessDate: String
    public let fileSHA256: String
    public var status: String
    public let rows: Int
    /// The JSON report, as served.
    public let report: String
    public let createdBy: String
    public let createdAt: Date

    public init(
        id: String, corridorID: String, businessDate: String, fileSHA256: String, status: String, rows: Int, report: String,
        createdBy: String, createdAt: Date
    ) {
        self.id = id
        self.corridorID = corridorID
        self.businessDate = businessDate
        self.fileSHA256 = fileSHA256
        self.status = status
        self.rows = rows
        self.report = report
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}
