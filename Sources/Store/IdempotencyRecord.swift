public import Foundation

/// The first response to a create request, kept so that the same key and body replay it.
public struct IdempotencyRecord: Sendable, Equatable {
    public let clientID: String
    public let key: String
    /// SHA-256 of the method, path and body of the first request.
    public let requestHash: Data
    public let responseStatus: Int
    public let responseBody: Data
    public let resourceID: String?

    public init(clientID: String, key: String, requestHash: Data, responseStatus: Int, responseBody: Data, resourceID: String?) {
        self.clientID = clientID
        self.key = key
        self.requestHash = requestHash
        self.responseStatus = responseStatus
        self.responseBody = responseBody
        self.resourceID = resourceID
    }
}
