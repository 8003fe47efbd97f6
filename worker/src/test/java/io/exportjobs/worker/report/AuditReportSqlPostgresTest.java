package io.exportjobs.worker.report;

import io.exportjobs.shared.TestDatabase;

/**
 * The report's numbers against SQL again, on PostgreSQL (skipped without one, see TestDatabase).
 */
class AuditReportSqlPostgresTest extends AuditReportSqlTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
