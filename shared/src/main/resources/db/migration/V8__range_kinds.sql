-- Issue 14: ranges on recordedAt ("basis": "recorded") and seq ranges ({fromSeq, toSeq}).
ALTER TABLE export_jobs ADD COLUMN range_basis VARCHAR(16);
ALTER TABLE export_jobs ADD COLUMN range_from_seq BIGINT;
ALTER TABLE export_jobs ADD COLUMN range_to_seq BIGINT;
