-- Completion webhooks (Standard Webhooks): per-tenant subscriptions, one delivery per subscription
-- and event, and every attempt of each delivery. Portable SQL: H2 and PostgreSQL.
CREATE TABLE webhook_subscriptions (
    id          VARCHAR(32)   PRIMARY KEY,
    tenant      VARCHAR(64)   NOT NULL,
    url         VARCHAR(2048) NOT NULL,
    -- comma-separated event types, e.g. export.completed,export.failed
    events      VARCHAR(512)  NOT NULL,
    description VARCHAR(256),
    -- whsec_<base64>: the HMAC key, kept to sign deliveries (it cannot be stored as a hash)
    secret      VARCHAR(128)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(256)  NOT NULL,
    secret_rotated_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_subscriptions_by_tenant ON webhook_subscriptions (tenant, id);

CREATE TABLE webhook_deliveries (
    -- the webhook-id header: the same for every attempt of the message
    id              VARCHAR(64)   PRIMARY KEY,
    tenant          VARCHAR(64)   NOT NULL,
    subscription_id VARCHAR(32)   NOT NULL,
    event_type      VARCHAR(64)   NOT NULL,
    job_id          VARCHAR(128)  NOT NULL,
    -- the exact body sent, every attempt alike
    payload         VARCHAR(65536) NOT NULL,
    -- pending, delivered or failed
    status          VARCHAR(16)   NOT NULL,
    attempts        INT           NOT NULL,
    last_error      VARCHAR(1024),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX webhook_deliveries_by_subscription ON webhook_deliveries (subscription_id, created_at, id);

CREATE TABLE webhook_delivery_attempts (
    delivery_id VARCHAR(64)  NOT NULL,
    attempt     INT          NOT NULL,
    at          TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the receiver's HTTP status; null when there was no answer
    status_code INT,
    error       VARCHAR(1024),
    duration_ms BIGINT       NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
