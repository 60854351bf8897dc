-- Version 8: API key lifecycle. A key may be limited to source addresses, and remembers the
-- key it replaced when rotated.
ALTER TABLE api_keys ADD COLUMN allowed_ips text[] NOT NULL DEFAULT '{}';
ALTER TABLE api_keys ADD COLUMN replaces text;
