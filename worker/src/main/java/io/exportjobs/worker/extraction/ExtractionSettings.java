package io.exportjobs.worker.extraction;

import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * How extractions read: {@code exportjobs.extraction.reader} ({@code auto}: COPY on PostgreSQL,
 * JDBC elsewhere; {@code copy}; {@code jdbc}), and the COPY path's memory per running extraction:
 * {@code read-ahead-buffers} × {@code buffer-size} for what the database sent and one more {@code
 * buffer-size} for the file (defaults 4 × 256 KiB + 256 KiB = 1.25 MiB).
 */
@Component
public class ExtractionSettings {

  /** Which path reads the ledger. */
  public enum Reader {
    AUTO,
    COPY,
    JDBC
  }

  private final Reader reader;
  private final int readAheadBuffers;
  private final int bufferSize;

  @Autowired
  public ExtractionSettings(
      @Value("${exportjobs.extraction.reader:auto}") String reader,
      @Value("${exportjobs.extraction.read-ahead-buffers:4}") int readAheadBuffers,
      @Value("${exportjobs.extraction.buffer-size:256KB}") DataSize bufferSize) {
    this(parse(reader), readAheadBuffers, bufferSize);
  }

  private static Reader parse(String reader) {
    try {
      return Reader.valueOf(reader.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "exportjobs.extraction.reader must be auto, copy or jdbc, not '" + reader + "'", e);
    }
  }

  public ExtractionSettings(Reader reader, int readAheadBuffers, DataSize bufferSize) {
    this.reader = reader;
    this.readAheadBuffers = readAheadBuffers;
    this.bufferSize = Math.toIntExact(bufferSize.toBytes());
  }

  public static ExtractionSettings defaults(Reader reader) {
    return new ExtractionSettings(reader, 4, DataSize.ofKilobytes(256));
  }

  public Reader reader() {
    return reader;
  }

  public int readAheadBuffers() {
    return readAheadBuffers;
  }

  public int bufferSize() {
    return bufferSize;
  }
}
