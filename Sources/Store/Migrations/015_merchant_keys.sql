-- KHQR merchants' keys get a role of their own, scoped to the KHQR API. Keys already made for
-- a merchant's client (by /api/v1/merchant/register or /api/v1/merchant/api-keys) become
-- merchant keys: their clients were made for the merchant, never for a remittance app.
ALTER TABLE api_keys DROP CONSTRAINT IF EXISTS api_keys_role_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_check CHECK (role IN ('app', 'treasury', 'ops', 'admin', 'merchant'));
UPDATE api_keys SET role = 'merchant' WHERE role = 'app' AND client_id IN (SELECT client_id FROM merchants);
