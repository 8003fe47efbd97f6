package io.exportjobs.shared.export;

import io.exportjobs.shared.TestDatabase;

/** Every job index test again on PostgreSQL. */
class JobStorePostgresTest extends JobStoreTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
