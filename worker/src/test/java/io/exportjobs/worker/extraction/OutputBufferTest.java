package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fast path's write buffer: whatever the sizes of the rows (through {@code reserve} as the
 * encoders write them, or {@code put}; some larger than the whole buffer), the file holds every
 * byte in order, and the offset a flush answers is in the file at that moment (what a checkpoint
 * names), also in a file resumed from an offset.
 */
class OutputBufferTest {

  @TempDir Path dir;

  @Test
  void everyByteReachesTheFileInOrder() throws Exception {
    Path file = dir.resolve("out");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Random random = new Random(42);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputBuffer out = new OutputBuffer(channel, 0, 1024);
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
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
  }

  @Test
  void whatAFlushAnswersIsInTheFileThen() throws Exception {
    Path file = dir.resolve("out");
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      OutputBuffer out = new OutputBuffer(channel, 0, 64);
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

  @Test
  void aResumedFileGoesOnFromItsOffset() throws Exception {
    Path file = dir.resolve("out");
    Files.writeString(file, "kept|");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.position(5);
      OutputBuffer out = new OutputBuffer(channel, 5, 16);
      out.put("0123456789abcdef0123".getBytes(StandardCharsets.US_ASCII));
      assertThat(out.flush()).isEqualTo(25);
    }
    assertThat(Files.readString(file)).isEqualTo("kept|0123456789abcdef0123");
  }
}
