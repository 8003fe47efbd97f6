package io.exportjobs.shared.ledger;

import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops, from another thread, a ledger read that may be waiting on the database: behind a long
 * sort, a sparse filter, or a lock another session holds. {@link #cancel} cancels the running
 * statement with JDBC's {@link Statement#cancel}, so the wait ends with an error on the reading
 * thread; a read that has not started yet fails as it starts.
 *
 * <p>What a cancel can end depends on the driver: H2 checks for it as it reads rows, PgJDBC cancels
 * the statement while it executes (its first fetch). A later fetch of a PostgreSQL cursor is not
 * cancelled; the read then stops when that fetch returns.
 */
public final class ReadCancel {

  private static final Logger log = LoggerFactory.getLogger(ReadCancel.class);

  /** SQLSTATE 57014, query_canceled, as PostgreSQL reports a cancelled statement. */
  static final String QUERY_CANCELED = "57014";

  private Statement running;
  private boolean cancelled;

  /** Cancels the read: the statement if it runs, else the read as soon as it starts. */
  public void cancel() {
    Statement statement;
    synchronized (this) {
      cancelled = true;
      statement = running;
    }
    if (statement != null) {
      try {
        statement.cancel();
      } catch (SQLException | RuntimeException e) {
        // closed meanwhile: the read ended on its own
        log.debug("could not cancel a ledger read: {}", e.getMessage());
      }
    }
  }

  /**
   * Called by the reading thread with its statement, just before it executes; closes it and throws
   * if the read was cancelled already.
   */
  synchronized void starting(Statement statement) throws SQLException {
    if (cancelled) {
      statement.close();
      throw new SQLException("the ledger read was cancelled before it started", QUERY_CANCELED);
    }
    running = statement;
  }

  /** Called by the reading thread once its statement is done, so no cancel reaches it later. */
  synchronized void finished() {
    running = null;
  }
}
