-- signed audit chain: each event carries the HMAC-SHA256 of its hash by the recording station's key (kept outside the database)
-- key_id names the station key, mac is HMAC-SHA256(key, event_hash + key_id); both empty on events recorded before V006.
-- A prompt profile version names the audit event that recorded it (empty on versions saved before V006 until the
-- station adopts them into the chain when it next opens).
ALTER TABLE audit_events ADD COLUMN key_id VARCHAR(64);
ALTER TABLE audit_events ADD COLUMN mac VARCHAR(64);
ALTER TABLE prompt_profile_version ADD COLUMN audit_seq BIGINT;
-- events up to the head at this upgrade were recorded unsigned; verify refuses an unsigned event after it
INSERT INTO station_info(info_key, info_value) SELECT 'audit_unsigned_through', CAST(last_seq AS VARCHAR(20)) FROM audit_head WHERE id = 1;
