package io.exportjobs.shared.tenant;

import io.exportjobs.shared.TestDatabase;

/** Every tenant lock test again on PostgreSQL. */
class TenantLocksPostgresTest extends TenantLocksTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
