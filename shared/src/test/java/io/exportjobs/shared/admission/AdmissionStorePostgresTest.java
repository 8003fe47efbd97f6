package io.exportjobs.shared.admission;

import io.exportjobs.shared.TestDatabase;

/** Every admission test again on PostgreSQL, where the row lock decides under real concurrency. */
class AdmissionStorePostgresTest extends AdmissionStoreTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
