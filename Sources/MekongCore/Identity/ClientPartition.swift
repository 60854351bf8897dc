/// Test and live objects of one client never meet, as in Stripe. A live key's quotes,
/// payments, refunds, webhooks, charges and Idempotency-Keys are stored under the client's
/// id; a test key's under the client's test partition, `<client id>.test`. Every query that
/// is scoped to a client is therefore scoped to one mode as well, and a live key never
/// sees a test object, nor the reverse. `livemode` in responses says which one an object is.
public enum ClientPartition {
    public static let testSuffix = ".test"

    /// The partition a key of `client` works in.
    public static func id(client: String, live: Bool) -> String {
        live ? client : client + testSuffix
    }

    /// Whether objects of `partition` are live.
    public static func isLive(_ partition: String) -> Bool {
        !partition.hasSuffix(testSuffix)
    }

    /// The client a partition belongs to.
    public static func client(of partition: String) -> String {
        isLive(partition) ? partition : String(partition.dropLast(testSuffix.count))
    }
}
