-- wider text columns: a noisy map's regions, long decision notes and audit actors (name + id + role) fit
-- The store also caps what it writes (the 200 largest regions plus a count, comments and operator fields checked
-- on input), so these limits are never reached; V001 to V003 stay unchanged (their checksums are verified).
ALTER TABLE inspections ALTER COLUMN regions SET DATA TYPE VARCHAR(100000);
ALTER TABLE decisions ALTER COLUMN note SET DATA TYPE VARCHAR(10000);
ALTER TABLE audit_events ALTER COLUMN actor SET DATA TYPE VARCHAR(1000);
