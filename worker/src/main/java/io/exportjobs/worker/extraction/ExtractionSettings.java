package io.exportjobs.worker.extraction;

import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * How extractions read: {@code exportjobs.extraction.reader} ({@code auto}: COPY on PostgreSQL,
 * JDBC elsewhere; {@code copy}; {@code jdbc}), and the COPY path's memory per running extraction:
 * one {@code buffer-size} block for what the database sent and one for the file (default 256 KiB
 * each, 512 KiB in all).
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
  private final int bufferSize;

  @Autowired
  public ExtractionSettings(
      @Value("${exportjobs.extraction.reader:auto}") String reader,
      @Value("${exportjobs.extraction.buffer-size:256KB}") DataSize bufferSize) {
    this(parse(reader), bufferSize);
  }

  private static Reader parse(String reader) {
    try {
      return Reader.valueOf(reader.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "exportjobs.extraction.reader must be auto, copy or jdbc, not '" + reader + "'", e);
    }
  }

  public ExtractionSettings(Reader reader, DataSize bufferSize) {
    this.reader = reader;
    this.bufferSize = Math.toIntExact(bufferSize.toBytes());
  }

  public static ExtractionSettings defaults(Reader reader) {
    return new ExtractionSettings(reader, DataSize.ofKilobytes(256));
  }

  public Reader reader() {
    return reader;
  }

  public int bufferSize() {
    return bufferSize;
  }
}
