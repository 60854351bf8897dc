import PostgresNIO

/// Outbox events as the batched statements take them: one array per column, in the order
/// id, aggregate_id, sequence, type, payload, created_at, client_id, body, bakongpay_body.
enum OutboxColumns {
    static func append(_ events: [OutboxEvent], to bindings: inout PostgresBindings) {
        bindings.append(events.map(\.id))
        bindings.append(events.map(\.aggregateID))
        bindings.append(events.map(\.sequence))
        bindings.append(events.map(\.type))
        bindings.append(events.map(\.payload))
        bindings.append(events.map(\.createdAt))
        bindings.append(NullableArray(events.map(\.clientID)))
        bindings.append(NullableArray(events.map(\.body)))
        bindings.append(NullableArray(events.map(\.bakongPayBody)))
    }
}
