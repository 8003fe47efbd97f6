-- One row per tenant that has created a job through the api. Creating a job locks it
-- (SELECT ... FOR UPDATE) while it counts the tenant's jobs of the last hour and inserts the new
-- one, so the per-hour quota holds under concurrent requests, also across several api instances.
CREATE TABLE tenant_job_locks (
    tenant VARCHAR(64) PRIMARY KEY
);
