package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.ledger.LedgerQuery;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast path on PostgreSQL: {@code COPY (SELECT …) TO STDOUT (FORMAT binary)} of the same query
 * as the JDBC path. The activity's thread copies the COPY messages into one reused block of {@code
 * bufferSize} bytes, and whenever it is full parses it in place and encodes its rows straight into
 * a {@code bufferSize} write buffer. No ResultSet, no String, no Instant per entry: the driver's
 * one array per message is the only allocation per row.
 *
 * <p>One thread, not a reader thread feeding a writer: the socket's buffer already lets PostgreSQL
 * run ahead of us, and on a small machine a second busy thread of ours takes CPU from the
 * PostgreSQL backend that we wait for (docs/benchmarks.md has the measurements). While the thread
 * is blocked waiting for rows, a {@link StallWatch} keeps the heartbeat going, and when a heartbeat
 * reports a cancellation it cancels the statement on the server so that the wait ends at once.
 */
final class CopyExtraction implements ExtractionPath {

  private static final Logger log = LoggerFactory.getLogger(CopyExtraction.class);

  /**
   * How often the watch looks, and how long without a heartbeat it lets pass: longer than the one
   * second between the checkpoints of rows that flow, far shorter than the heartbeat timeout.
   */
  private static final Duration WATCH_EVERY = Duration.ofSeconds(1);

  private static final Duration QUIET = Duration.ofSeconds(2);

  private final DataSource dataSource;
  private final int bufferSize;

  CopyExtraction(DataSource dataSource, int bufferSize) {
    if (bufferSize < 1024) {
      throw new IllegalArgumentException("COPY needs a buffer of at least 1 KiB");
    }
    this.dataSource = dataSource;
    this.bufferSize = bufferSize;
  }

  /** Whether {@code dataSource} is PostgreSQL, the one database with this COPY. */
  static boolean supports(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isWrapperFor(PGConnection.class);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell which database the ledger is on", e);
    }
  }

  @Override
  public long write(
      String name,
      LedgerQuery query,
      ExportFormat format,
      StagingFile file,
      long entriesBefore,
      Checkpoints checkpoints)
      throws Exception {
    OutputBuffer out = new OutputBuffer(file, bufferSize);
    RowEncoder encoder = RowEncoder.forFormat(format);
    encoder.begin(out, entriesBefore);
    checkpoints.writingTo(out::flush);
    Rows rows = new Rows(encoder, checkpoints, bufferSize);
    try (Connection connection = dataSource.getConnection()) {
      CopyOut copy = null;
      boolean finished = false;
      StallWatch watch =
          new StallWatch(
              name, WATCH_EVERY, () -> checkpoints.repeatIfQuiet(QUIET), () -> cancel(connection));
      try {
        PGConnection pg = connection.unwrap(PGConnection.class);
        copy = pg.getCopyAPI().copyOut(CopyStatement.of(query, pg));
        byte[] message;
        while ((message = copy.readFromCopy()) != null) {
          rows.add(message);
        }
        rows.flush();
        finished = true;
      } catch (SQLException | IOException | RuntimeException e) {
        watch.rethrowFailure(); // a cancellation that broke the read is the real story
        throw e;
      } finally {
        watch.close();
        // after a cancel request the connection never goes back to the pool, where the request
        // could still reach whatever statement runs on it next
        if (!finished || watch.failed()) {
          abandon(connection, copy);
        }
      }
    }
    if (!rows.parser.complete()) {
      throw new IllegalStateException("the COPY output ended without its trailer");
    }
    encoder.end();
    return out.flush();
  }

  /**
   * Stops a COPY that is still sending (the job was cancelled, or writing failed) and closes the
   * connection for good instead of giving it back to the pool in an unknown state.
   */
  private static void abandon(Connection connection, CopyOut copy) {
    try {
      if (copy != null && copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException expected) {
      log.debug("cancelled COPY: {}", expected.getMessage());
    }
    abort(connection);
  }

  /**
   * From the watch's thread, while the activity's thread may be blocked on this connection: cancels
   * the statement on the server (which also ends a wait for a lock), so the blocked read fails at
   * once; the activity's thread then abandons the connection.
   */
  private static void cancel(Connection connection) {
    try {
      connection.unwrap(PGConnection.class).cancelQuery();
    } catch (SQLException | RuntimeException e) {
      log.warn("could not cancel a stopped COPY on the server; closing its connection", e);
      abort(connection);
    }
  }

  private static void abort(Connection connection) {
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      log.warn("could not close the connection of a stopped COPY", e);
    }
  }

  /** Whole COPY messages gathered in one block, parsed and encoded whenever it is full. */
  private static final class Rows {
    final BinaryCopyParser parser = new BinaryCopyParser();
    private final RowEncoder encoder;
    private final Checkpoints checkpoints;
    private byte[] block;
    private int length;

    Rows(RowEncoder encoder, Checkpoints checkpoints, int size) {
      this.encoder = encoder;
      this.checkpoints = checkpoints;
      this.block = new byte[size];
    }

    void add(byte[] message) throws IOException {
      if (block.length - length < message.length) {
        flush();
        if (block.length < message.length) {
          block = new byte[message.length]; // one row larger than a whole block
        }
      }
      System.arraycopy(message, 0, block, length, message.length);
      length += message.length;
    }

    void flush() throws IOException {
      if (length == 0) {
        return;
      }
      parser.parse(
          block,
          length,
          row -> {
            encoder.write(row);
            checkpoints.entryWritten(row.seq());
          });
      length = 0;
    }
  }
}
