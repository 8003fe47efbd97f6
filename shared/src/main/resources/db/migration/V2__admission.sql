-- Admission: which jobs hold one of their tenant's active slots, and which wait for one.
-- A job is active while it is admitted for its current attempt and its status is pending or
-- running, so a terminal status frees the slot without a separate release step.
CREATE TABLE export_admissions (
    job_id      VARCHAR(128) PRIMARY KEY REFERENCES export_jobs (id) ON DELETE CASCADE,
    tenant      VARCHAR(64)  NOT NULL,
    schedule_id VARCHAR(128),
    attempt     INT          NOT NULL,
    -- the job's createdAt and id order the queue: first come, first served
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    -- 'waiting' or 'admitted'
    state       VARCHAR(16)  NOT NULL,
    -- why a waiting job waits: 'capacity' (tenant's max active) or 'overlap' (its schedule)
    wait_reason VARCHAR(16),
    -- refreshed at every claim; a waiter that stopped asking (its workflow is gone) stops counting
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX export_admissions_by_tenant ON export_admissions (tenant, state, created_at, job_id);

-- One row per tenant, locked (SELECT ... FOR UPDATE) by every admission decision, so that the
-- max-active limit holds across any number of workers.
CREATE TABLE export_tenant_locks (
    tenant VARCHAR(64) PRIMARY KEY
);

-- Evidence packs and snapshots pin the ledger to what was recorded before a point in time.
CREATE INDEX ledger_entries_by_recorded ON ledger_entries (tenant, recorded_at, seq);
