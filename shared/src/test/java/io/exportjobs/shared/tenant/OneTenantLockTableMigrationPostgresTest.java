package io.exportjobs.shared.tenant;

import io.exportjobs.shared.TestDatabase;

/** The migration again on PostgreSQL. */
class OneTenantLockTableMigrationPostgresTest extends OneTenantLockTableMigrationTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
