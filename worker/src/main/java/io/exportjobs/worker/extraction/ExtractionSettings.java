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
 * each, 512 KiB in all). {@code exportjobs.extraction.direct-io} (default on) writes staging files
 * with {@code O_DIRECT} ({@link DirectStagingFile}) where the file system allows it, which takes
 * two more aligned {@code buffer-size} buffers off the heap per running extraction; off, they go
 * through the page cache ({@link ChannelStagingFile}).
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
  private final boolean directIo;

  @Autowired
  public ExtractionSettings(
      @Value("${exportjobs.extraction.reader:auto}") String reader,
      @Value("${exportjobs.extraction.buffer-size:256KB}") DataSize bufferSize,
      @Value("${exportjobs.extraction.direct-io:true}") boolean directIo) {
    this(parse(reader), bufferSize, directIo);
  }

  private static Reader parse(String reader) {
    try {
      return Reader.valueOf(reader.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "exportjobs.extraction.reader must be auto, copy or jdbc, not '" + reader + "'", e);
    }
  }

  public ExtractionSettings(Reader reader, DataSize bufferSize, boolean directIo) {
    this.reader = reader;
    this.bufferSize = Math.toIntExact(bufferSize.toBytes());
    this.directIo = directIo;
  }

  public static ExtractionSettings defaults(Reader reader) {
    return new ExtractionSettings(reader, DataSize.ofKilobytes(256), true);
  }

  public Reader reader() {
    return reader;
  }

  public int bufferSize() {
    return bufferSize;
  }

  /** Whether staging files are written with {@code O_DIRECT}, where the file system allows it. */
  public boolean directIo() {
    return directIo;
  }
}
