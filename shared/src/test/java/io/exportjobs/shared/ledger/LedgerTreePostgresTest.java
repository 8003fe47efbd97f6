package io.exportjobs.shared.ledger;

import io.exportjobs.shared.TestDatabase;

/** Every tree test again on PostgreSQL. */
class LedgerTreePostgresTest extends LedgerTreeTest {

  @Override
  TestDatabase.Engine engine() {
    return TestDatabase.Engine.POSTGRES;
  }
}
