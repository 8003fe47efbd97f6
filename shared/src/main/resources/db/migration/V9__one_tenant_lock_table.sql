-- One tenant lock table. Admission (export_tenant_locks, V2) and the hourly quota
-- (tenant_job_locks, V3) each had a table of one row per tenant, locked with SELECT ... FOR UPDATE
-- for the same job. Both now lock the tenant's row of export_tenant_locks: the tenants of
-- tenant_job_locks that it lacks are copied in (the union of both), then tenant_job_locks goes.
-- Portable: runs the same on H2 and PostgreSQL.
INSERT INTO export_tenant_locks (tenant)
SELECT q.tenant FROM tenant_job_locks q
WHERE NOT EXISTS (SELECT 1 FROM export_tenant_locks a WHERE a.tenant = q.tenant);

DROP TABLE tenant_job_locks;
