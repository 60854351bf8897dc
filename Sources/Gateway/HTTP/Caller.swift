/// Who is calling: the API key's id, its client and its role.
public struct Caller: Sendable, Equatable {
    public let keyID: String
    public let clientID: String
    public let role: Role
    public let permissions: Set<String>
}
