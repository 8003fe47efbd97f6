-- Issue 14: ranges on recordedAt ("basis": "recorded") and seq ranges ({fromSeq, toSeq}), and
-- the checkpoint of each pack, which the next run of an incremental schedule proves consistency from.
ALTER TABLE export_jobs ADD COLUMN range_basis VARCHAR(16);
ALTER TABLE export_jobs ADD COLUMN range_from_seq BIGINT;
ALTER TABLE export_jobs ADD COLUMN range_to_seq BIGINT;
ALTER TABLE export_jobs ADD COLUMN checkpoint_note VARCHAR(4000);
