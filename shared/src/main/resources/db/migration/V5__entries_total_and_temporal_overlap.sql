-- Issue 12. The entry count the workflow's policy check makes, served as progress.entriesTotal
-- (NULL until the check ran, and for jobs recorded before this column existed).
ALTER TABLE export_jobs ADD COLUMN entries_total BIGINT;

-- Schedule overlap is Temporal's own policy again: admission decides only the tenant's max active
-- jobs, so it no longer needs a run's schedule or why it waits.
ALTER TABLE export_admissions DROP COLUMN schedule_id;
ALTER TABLE export_admissions DROP COLUMN wait_reason;
