package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.ledger.LedgerQuery;
import java.nio.channels.FileChannel;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fast path on PostgreSQL: {@code COPY (SELECT …) TO STDOUT (FORMAT binary)} of the same query
 * as the JDBC path. A reader thread copies the COPY messages into a few reused blocks (the
 * read-ahead buffers: {@code buffers} × {@code bufferSize} bytes, nothing else grows with the
 * range); the activity's thread parses each block in place and encodes its rows straight into a
 * {@code bufferSize} write buffer. No ResultSet, no String, no Instant per entry: the driver's one
 * array per message is the only allocation per row.
 */
final class CopyExtraction implements ExtractionPath {

  private static final Logger log = LoggerFactory.getLogger(CopyExtraction.class);

  private final DataSource dataSource;
  private final int buffers;
  private final int bufferSize;

  CopyExtraction(DataSource dataSource, int buffers, int bufferSize) {
    if (buffers < 2 || bufferSize < 1024) {
      throw new IllegalArgumentException(
          "COPY needs at least 2 read-ahead buffers of at least 1 KiB");
    }
    this.dataSource = dataSource;
    this.buffers = buffers;
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
      FileChannel channel,
      long entriesBefore,
      Checkpoints checkpoints)
      throws Exception {
    OutputBuffer out = new OutputBuffer(channel, channel.position(), bufferSize);
    RowEncoder encoder = RowEncoder.forFormat(format);
    encoder.begin(out, entriesBefore);
    checkpoints.writingTo(out::flush);
    BlockingQueue<Block> free = new ArrayBlockingQueue<>(buffers);
    for (int i = 0; i < buffers; i++) {
      free.add(new Block(bufferSize));
    }
    BinaryCopyParser parser = new BinaryCopyParser();
    ReadAhead.<Block>run(
        name,
        buffers,
        hand -> copy(query, free, hand),
        block -> {
          parser.parse(
              block.data,
              block.length,
              row -> {
                encoder.write(row);
                checkpoints.entryWritten(row.seq());
              });
          block.length = 0;
          free.add(block);
        },
        checkpoints::checkpointNow);
    if (!parser.complete()) {
      throw new IllegalStateException("the COPY output ended without its trailer");
    }
    encoder.end();
    return out.flush();
  }

  /** On the reader thread: the COPY's messages, whole, into blocks from {@code free}. */
  private void copy(LedgerQuery query, BlockingQueue<Block> free, ReadAhead.Hand<Block> hand)
      throws Exception {
    try (Connection connection = dataSource.getConnection()) {
      PGConnection pg = connection.unwrap(PGConnection.class);
      CopyOut copy = pg.getCopyAPI().copyOut(CopyStatement.of(query, pg));
      boolean finished = false;
      try {
        Block block = take(free, hand);
        byte[] message;
        while ((message = copy.readFromCopy()) != null) {
          if (block.data.length - block.length < message.length) {
            if (block.length > 0) {
              hand.accept(block);
              block = take(free, hand);
            }
            block.fit(message.length);
          }
          System.arraycopy(message, 0, block.data, block.length, message.length);
          block.length += message.length;
        }
        finished = true;
        if (block.length > 0) {
          hand.accept(block);
        }
      } finally {
        if (!finished) {
          abandon(connection, copy);
        }
      }
    }
  }

  private static Block take(BlockingQueue<Block> free, ReadAhead.Hand<Block> hand)
      throws InterruptedException {
    while (true) {
      Block block = free.poll(100, TimeUnit.MILLISECONDS);
      if (block != null) {
        return block;
      }
      hand.checkNotStopped();
    }
  }

  /**
   * Stops a COPY that is still sending (the job was cancelled, or writing failed) and closes the
   * connection for good instead of giving it back to the pool in an unknown state.
   */
  private static void abandon(Connection connection, CopyOut copy) {
    try {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    } catch (SQLException expected) {
      log.debug("cancelled COPY: {}", expected.getMessage());
    }
    try {
      connection.abort(Runnable::run);
    } catch (SQLException | RuntimeException e) {
      log.warn("could not close the connection of a cancelled COPY", e);
    }
  }

  /** A read-ahead buffer: whole COPY messages in {@code data[0, length)}. */
  private static final class Block {
    byte[] data;
    int length;

    Block(int size) {
      data = new byte[size];
    }

    /** Grows an empty block for one message larger than a whole buffer. */
    void fit(int messageLength) {
      if (data.length < messageLength) {
        data = new byte[messageLength];
      }
    }
  }
}
