-- Version 2: a payment can be held before hand-off (Bakong maintenance, 4001; a batch
-- corridor outside its hours), with the code that explains why.
ALTER TABLE payments ADD COLUMN hold_code integer;
