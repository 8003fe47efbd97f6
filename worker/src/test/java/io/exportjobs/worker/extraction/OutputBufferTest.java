package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.json.Digests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fast path's write buffer, over either kind of staging file (through the page cache, or with
 * {@code O_DIRECT}): whatever the sizes of the rows (through {@code reserve} as the encoders write
 * them, or {@code put}; some larger than the whole buffer), the file holds every byte in order, and
 * the offset a flush answers is the file's length and content at that moment (what a checkpoint
 * names), also in a file resumed from an offset; and the digest it answers is the whole file's.
 */
class OutputBufferTest {

  @TempDir Path dir;

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void everyByteReachesTheFileInOrder(boolean direct) throws Exception {
    Path file = dir.resolve("out");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Random random = new Random(42);
    try (StagingFile staged = open(file, 0, direct, 1024)) {
      OutputBuffer out = new OutputBuffer(staged, 1024);
      for (int i = 0; i < 5_000; i++) {
        // mostly small, now and then larger than the whole buffer
        int size = i % 97 == 0 ? 1_000 + random.nextInt(4_000) : 1 + random.nextInt(200);
        byte[] row = new byte[size];
        random.nextBytes(row);
        if (i % 2 == 0) {
          // as the encoders do: reserve, then write into buf at pos
          out.reserve(size);
          System.arraycopy(row, 0, out.buf, out.pos, size);
          out.pos += size;
        } else {
          out.put(row);
        }
        expected.write(row);
        assertThat(out.count()).isEqualTo(expected.size());
      }
      assertThat(out.flush()).isEqualTo(expected.size());
      assertThat(staged.sha256()).isEqualTo(Digests.sha256Hex(expected.toByteArray()));
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void whatAFlushAnswersIsInTheFileThen(boolean direct) throws Exception {
    Path file = dir.resolve("out");
    try (StagingFile staged = open(file, 0, direct, 64)) {
      OutputBuffer out = new OutputBuffer(staged, 64);
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 2_000; i++) {
        String line = (i % 50 == 0 ? "a long run of encoded rows ".repeat(5) : "entry ") + i + "\n";
        out.put(line.getBytes(StandardCharsets.US_ASCII));
        text.append(line);
        if (i % 97 == 0) {
          assertThat(out.flush()).isEqualTo(text.length());
          assertThat(Files.readString(file, StandardCharsets.US_ASCII)).isEqualTo(text.toString());
        }
      }
    }
  }

  @ParameterizedTest(name = "direct={0}")
  @ValueSource(booleans = {false, true})
  void aResumedFileGoesOnFromItsOffsetAndDropsWhatCameAfter(boolean direct) throws Exception {
    Path file = dir.resolve("out");
    Files.writeString(file, "kept|" + "x".repeat(5_000)); // a torn tail after the checkpoint
    try (StagingFile staged = open(file, 5, direct, 16)) {
      OutputBuffer out = new OutputBuffer(staged, 16);
      out.put("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
      assertThat(out.flush()).isEqualTo(25);
      assertThat(staged.sha256())
          .as("the digest of the whole file, the resumed part included")
          .isEqualTo(
              Digests.sha256Hex("kept|0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII)));
    }
    assertThat(Files.readString(file)).isEqualTo("kept|0123456789abcdef0123");
  }

  /**
   * With a digest. Direct means direct here: a file system without {@code O_DIRECT} fails the test.
   */
  static StagingFile open(Path file, long from, boolean direct, int size) throws IOException {
    return direct
        ? DirectStagingFile.open(file, from, size, true)
        : ChannelStagingFile.open(file, from, true);
  }
}
