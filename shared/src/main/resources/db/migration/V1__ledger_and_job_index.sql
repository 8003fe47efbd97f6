-- Portable SQL: runs on H2 (embedded default) and PostgreSQL (production).

-- One row per tenant: the head of its hash chain. Appenders lock this row (SELECT ... FOR UPDATE),
-- which serialises appends per tenant and keeps seq gap-free across api instances.
CREATE TABLE ledger_heads (
    tenant    VARCHAR(64) PRIMARY KEY,
    head_seq  BIGINT      NOT NULL,
    head_hash VARCHAR(71) NOT NULL
);

CREATE TABLE ledger_entries (
    tenant      VARCHAR(64)    NOT NULL,
    seq         BIGINT         NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(256)   NOT NULL,
    action      VARCHAR(256)   NOT NULL,
    resource    VARCHAR(1024)  NOT NULL,
    outcome     VARCHAR(16)    NOT NULL,
    -- RFC 8785 canonical JSON; the API limits it to 16 KiB
    attributes  VARCHAR(16384) NOT NULL,
    -- set for the service's own audit events so that a retried activity cannot append twice
    event_key   VARCHAR(256),
    prev_hash   VARCHAR(71)    NOT NULL,
    hash        VARCHAR(71)    NOT NULL,
    PRIMARY KEY (tenant, seq)
);
CREATE INDEX ledger_entries_by_time ON ledger_entries (tenant, occurred_at, seq);
CREATE UNIQUE INDEX ledger_entries_event_key ON ledger_entries (tenant, event_key);

-- The job index: the workflow's projection, for lists and for history beyond Temporal's retention.
CREATE TABLE export_jobs (
    id                    VARCHAR(128)  PRIMARY KEY,
    tenant                VARCHAR(64)   NOT NULL,
    type                  VARCHAR(32)   NOT NULL,
    format                VARCHAR(16)   NOT NULL,
    status                VARCHAR(16)   NOT NULL,
    range_from            TIMESTAMP WITH TIME ZONE,
    range_to              TIMESTAMP WITH TIME ZONE,
    filters               VARCHAR(65536) NOT NULL,
    labels                VARCHAR(65536) NOT NULL,
    retention             VARCHAR(64)   NOT NULL,
    target                VARCHAR(64)   NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at            TIMESTAMP WITH TIME ZONE,
    completed_at          TIMESTAMP WITH TIME ZONE,
    expires_at            TIMESTAMP WITH TIME ZONE,
    requested_by          VARCHAR(256)  NOT NULL,
    attempt               INT           NOT NULL,
    -- orders the workflow's writes within one attempt; an older write never overwrites a newer
    revision              BIGINT        NOT NULL,
    schedule_id           VARCHAR(128),
    entries_exported      BIGINT        NOT NULL,
    bytes_written         BIGINT        NOT NULL,
    artifact_file_name    VARCHAR(256),
    artifact_content_type VARCHAR(128),
    artifact_size_bytes   BIGINT,
    artifact_sha256       VARCHAR(64),
    artifact_entry_count  BIGINT,
    artifact_location     VARCHAR(1024),
    error_code            VARCHAR(64),
    error_message         VARCHAR(4000),
    error_activity        VARCHAR(128),
    error_attempts        INT,
    error_at              TIMESTAMP WITH TIME ZONE,
    workflow_id           VARCHAR(160)  NOT NULL,
    run_id                VARCHAR(64),
    idempotency_key       VARCHAR(256),
    request_hash          VARCHAR(64),
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX export_jobs_by_tenant ON export_jobs (tenant, created_at, id);
CREATE INDEX export_jobs_by_status ON export_jobs (tenant, status, created_at, id);
CREATE INDEX export_jobs_by_schedule ON export_jobs (tenant, schedule_id, created_at, id);

CREATE TABLE export_job_labels (
    job_id VARCHAR(128) NOT NULL REFERENCES export_jobs (id) ON DELETE CASCADE,
    label_name  VARCHAR(128) NOT NULL,
    label_value VARCHAR(512) NOT NULL,
    PRIMARY KEY (job_id, label_name)
);
CREATE INDEX export_job_labels_by_value ON export_job_labels (label_name, label_value);
