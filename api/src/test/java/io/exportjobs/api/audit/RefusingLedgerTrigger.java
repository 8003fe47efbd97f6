package io.exportjobs.api.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.h2.api.Trigger;

/**
 * An H2 trigger on {@code ledger_entries} that refuses every insert for the tenants in {@link
 * #REFUSED}: the ledger made unwritable for one tenant while the rest of the api works.
 */
public class RefusingLedgerTrigger implements Trigger {

  public static final Set<String> REFUSED = ConcurrentHashMap.newKeySet();

  public static final String CREATE =
      "CREATE TRIGGER IF NOT EXISTS refuse_ledger_inserts BEFORE INSERT ON ledger_entries"
          + " FOR EACH ROW CALL \""
          + RefusingLedgerTrigger.class.getName()
          + "\"";

  @Override
  public void init(
      Connection conn,
      String schemaName,
      String triggerName,
      String tableName,
      boolean before,
      int type) {}

  @Override
  public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
    if (newRow != null && REFUSED.contains(String.valueOf(newRow[0]))) {
      throw new SQLException("the ledger is not writable (test)");
    }
  }
}
