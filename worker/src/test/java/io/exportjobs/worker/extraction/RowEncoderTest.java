package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.exportjobs.pack.json.Timestamps;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.ledger.RecordedEntry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast path's encoders against the JDBC path's writers, without a server: the same entries as
 * PostgreSQL's binary COPY would send them, parsed and encoded, must give the bytes that {@link
 * EntryWriter} gives for the entries themselves. {@code CopyExtractionPostgresTest} checks the same
 * against a real server.
 */
class RowEncoderTest {

  static final Instant RECORDED_AT = Instant.parse("2026-11-02T08:00:00.123Z");

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "NDJSON, 64",
    "NDJSON, 65536",
    "CSV, 64",
    "CSV, 65536",
    "JSON, 64",
    "JSON, 65536",
  })
  void everyShapeEncodesToTheWritersBytes(ExportFormat format, int blockSize) throws IOException {
    List<RecordedEntry> entries = LedgerShapes.recorded(LedgerShapes.entries(), RECORDED_AT);

    byte[] expected = written(entries, format, 0);
    byte[] actual = encoded(entries, format, 0, blockSize);

    assertThat(new String(actual, StandardCharsets.UTF_8))
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    assertThat(actual).isEqualTo(expected);
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "CSV", "JSON"})
  void aResumedFileContinuesAsTheWriterDoes(ExportFormat format) throws IOException {
    List<RecordedEntry> entries = LedgerShapes.recorded(LedgerShapes.entries(), RECORDED_AT);
    int split = 7;
    byte[] whole = written(entries, format, 0);
    byte[] head = written(entries.subList(0, split), format, 0);
    // what the writer appends after `split` entries: the rest of the whole file
    byte[] expectedTail =
        java.util.Arrays.copyOfRange(whole, offsetOfTail(head, format), whole.length);

    byte[] tail = encoded(entries.subList(split, entries.size()), format, split, 4096);

    assertThat(new String(tail, StandardCharsets.UTF_8))
        .isEqualTo(new String(expectedTail, StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @EnumSource(
      value = ExportFormat.class,
      names = {"NDJSON", "CSV", "JSON"})
  void anEmptyCopyGivesTheWritersEmptyFile(ExportFormat format) throws IOException {
    assertThat(encoded(List.of(), format, 0, 1024)).isEqualTo(written(List.of(), format, 0));
  }

  @Test
  void randomTextInEveryFieldEncodesToTheWritersBytes() throws IOException {
    Random random = new Random(16);
    List<NewLedgerEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      entries.add(
          new NewLedgerEntry(
              Instant.ofEpochMilli(random.nextLong(-62_167_219_200_000L, 253_402_300_799_999L)),
              randomText(random),
              randomText(random),
              randomText(random),
              Outcome.values()[random.nextInt(3)],
              Map.of(randomText(random), randomText(random))));
    }
    List<RecordedEntry> recorded = LedgerShapes.recorded(entries, RECORDED_AT);
    for (ExportFormat format : List.of(ExportFormat.NDJSON, ExportFormat.CSV, ExportFormat.JSON)) {
      assertThat(encoded(recorded, format, 0, 8192))
          .as(format.wire())
          .isEqualTo(written(recorded, format, 0));
    }
  }

  @Test
  void timestampsAreWrittenAsTimestampsFormatDoes() {
    Random random = new Random(3);
    byte[] buf = new byte[TimestampText.MAX];
    TimestampText text = new TimestampText(); // one for all: its caches are used and refreshed
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"),
                Instant.parse("-0001-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.000001Z"),
                Instant.parse("2000-01-01T00:00:00Z"),
                Instant.parse("2000-02-29T00:00:00.010Z"),
                Instant.parse("2100-03-01T00:00:00.100Z")));
    for (int i = 0; i < 200_000; i++) {
      long seconds = random.nextLong(-62_200_000_000L, 253_500_000_000L);
      int micros =
          switch (i % 3) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1000;
            default -> random.nextInt(1_000_000);
          };
      Instant t = Instant.ofEpochSecond(seconds, micros * 1_000L);
      instants.add(t);
      if (i % 10 == 0) {
        instants.add(t); // the same again, and later the same day
        instants.add(t.plusSeconds(random.nextInt(3_600)));
      }
    }
    for (Instant t : instants) {
      int end = text.write(BinaryCopy.postgresMicros(t), buf, 0);
      assertThat(new String(buf, 0, end, StandardCharsets.US_ASCII))
          .as("%s", t)
          .isEqualTo(Timestamps.format(t));
    }
  }

  @Test
  void anUnknownOutcomeFailsAsTheJdbcPathDoes() throws IOException {
    List<RecordedEntry> entries =
        LedgerShapes.recorded(LedgerShapes.entries().subList(0, 1), RECORDED_AT);
    assertThat(entries.get(0).outcome()).isEqualTo(Outcome.SUCCESS);
    List<byte[]> messages = BinaryCopy.messages(entries);
    byte[] row = messages.get(0);
    String text = new String(row, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("success");
    System.arraycopy("unknown".getBytes(StandardCharsets.US_ASCII), 0, row, at, 7);

    assertThatThrownBy(() -> encode(messages, ExportFormat.NDJSON, 0, 1024))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown outcome 'unknown'");
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** Letters, digits, CSV and JSON separators, control characters, non-ASCII and astral text. */
  private static String randomText(Random random) {
    String[] pieces = {
      "a", "Z", "7", ",", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0001", "\u001f",
      "\u007f", " ", "é", "ß", "日", "\u2028", "\uFEFF", "😀", "𝄞", "'", "{", "}", ":",
    };
    StringBuilder s = new StringBuilder();
    int length = random.nextInt(random.nextBoolean() ? 12 : 60);
    for (int i = 0; i < length; i++) {
      s.append(pieces[random.nextInt(pieces.length)]);
    }
    return s.toString();
  }

  private static byte[] written(List<RecordedEntry> entries, ExportFormat format, long before)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    EntryWriter writer = EntryWriter.forFormat(format);
    writer.begin(out, before);
    for (RecordedEntry e : entries) {
      writer.write(e);
    }
    writer.end();
    return out.toByteArray();
  }

  private byte[] encoded(List<RecordedEntry> entries, ExportFormat format, long before, int block)
      throws IOException {
    return encode(BinaryCopy.messages(entries), format, before, block);
  }

  /** As {@link CopyExtraction} does: whole messages packed into blocks, parsed, encoded. */
  private byte[] encode(List<byte[]> messages, ExportFormat format, long before, int blockSize)
      throws IOException {
    Path file = dir.resolve(UUID.randomUUID() + ".out");
    try (StagingFile staged = StagingFile.open(file, 0, false, 1024, false)) {
      OutputBuffer out = new OutputBuffer(staged, 1024); // small: flushes and grows often
      RowEncoder encoder = RowEncoder.forFormat(format);
      encoder.begin(out, before);
      BinaryCopyParser parser = new BinaryCopyParser();
      for (byte[] block : blocks(messages, blockSize)) {
        parser.parse(block, block.length, encoder::write);
      }
      assertThat(parser.complete()).isTrue();
      encoder.end();
      assertThat(out.flush()).isEqualTo(out.count());
    }
    return Files.readAllBytes(file);
  }

  private static List<byte[]> blocks(List<byte[]> messages, int blockSize) {
    List<byte[]> blocks = new ArrayList<>();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      if (block.size() > 0 && block.size() + m.length > blockSize) {
        blocks.add(block.toByteArray());
        block.reset();
      }
      block.write(m, 0, m.length);
    }
    if (block.size() > 0) {
      blocks.add(block.toByteArray());
    }
    return blocks;
  }

  /** Where the part of a file written after its first entries starts. */
  private static int offsetOfTail(byte[] head, ExportFormat format) {
    // the head file is complete: the array's closing "\n]\n" is not part of what follows
    return format == ExportFormat.JSON ? head.length - 3 : head.length;
  }
}
