-- With tracing on, a payment keeps the W3C traceparent of the request that created it, so the
-- hand-off, inquiries, settlement and webhook deliveries, on any instance, continue its trace.
ALTER TABLE payments ADD COLUMN IF NOT EXISTS trace_parent text;
