package io.exportjobs.shared.ledger;

import io.exportjobs.shared.TestDatabase;

/** The tamper tests again on PostgreSQL. */
class ChainVerificationPostgresTest extends ChainVerificationTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
