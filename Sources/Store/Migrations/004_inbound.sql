-- Version 4: inbound payments. A foreign partner pushes a credit for a Cambodian payee; it
-- has no quote, carries the partner's own reference (unique per corridor), and its hand-off
-- is the credit on the Bakong ledger.
ALTER TABLE payments ADD COLUMN direction text NOT NULL DEFAULT 'outbound' CHECK (direction IN ('outbound', 'inbound'));
ALTER TABLE payments ADD COLUMN partner_transfer_ref text;
ALTER TABLE payments ALTER COLUMN quote_id DROP NOT NULL;
CREATE UNIQUE INDEX payments_partner_transfer ON payments (corridor_id, partner_transfer_ref) WHERE partner_transfer_ref IS NOT NULL;
