package io.exportjobs.shared.export;

import io.exportjobs.shared.TestDatabase;

/** Every job index test again on PostgreSQL. */
class JobIndexPostgresTest extends JobIndexTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
