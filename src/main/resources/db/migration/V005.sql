-- the defect classifier's class and probability, stored with the inspection it was computed for (empty when the
-- recipe has no classifier); part of the inspection's audit content only when present, so older rows keep their hash
ALTER TABLE inspections ADD COLUMN machine_class VARCHAR(200);
ALTER TABLE inspections ADD COLUMN machine_class_probability DOUBLE PRECISION;
ALTER TABLE inspections ADD COLUMN classifier VARCHAR(500);
