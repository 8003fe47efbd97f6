package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.pack.json.Digests;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A staging file written with {@code O_DIRECT}, across the edges of its blocks and buffers: a flush
 * in the middle of a block leaves the file exactly as long as what was written (no padding left
 * behind), the writes after it rewrite that block whole, and a file resumed at an offset inside a
 * block keeps the block's first bytes and drops the rest.
 */
class DirectStagingFileTest {

  @TempDir Path dir;

  @Test
  void flushesAtEveryKindOfOffsetLeaveTheExactBytes() throws Exception {
    Path file = dir.resolve("direct");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Random random = new Random(7);
    // 8 KiB of buffer: full buffers go to the file's own thread while flushes land anywhere
    try (DirectStagingFile staged = DirectStagingFile.open(file, 0, 8 * 1024, true)) {
      for (int i = 0; i < 400; i++) {
        byte[] chunk = new byte[i % 40 == 0 ? 20_000 : random.nextInt(3_000)];
        random.nextBytes(chunk);
        staged.write(chunk, 0, chunk.length);
        expected.write(chunk);
        assertThat(staged.length()).isEqualTo(expected.size());
        if (i % 7 == 0) {
          assertThat(staged.flush()).isEqualTo(expected.size());
          assertThat(Files.size(file)).isEqualTo(expected.size());
          assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
        }
      }
      assertThat(staged.flush()).isEqualTo(expected.size());
      staged.force();
      assertThat(staged.sha256()).isEqualTo(Digests.sha256Hex(expected.toByteArray()));
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
  }

  @Test
  void aFlushOnABlockBoundaryAndAnEmptyFlushChangeNothing() throws Exception {
    Path file = dir.resolve("direct");
    byte[] block = new byte[(int) Files.getFileStore(dir).getBlockSize()];
    Arrays.fill(block, (byte) 'b');
    try (DirectStagingFile staged = DirectStagingFile.open(file, 0, block.length, false)) {
      assertThat(staged.flush()).isZero();
      staged.write(block, 0, block.length);
      staged.write(block, 0, block.length);
      assertThat(staged.flush()).isEqualTo(2L * block.length);
      assertThat(staged.flush()).isEqualTo(2L * block.length);
    }
    assertThat(Files.size(file)).isEqualTo(2L * block.length);
  }

  @Test
  void aFileResumedInsideABlockKeepsItsStartAndGoesOn() throws Exception {
    Path file = dir.resolve("direct");
    byte[] before = new byte[10_000]; // two whole blocks of 4 KiB and part of a third
    new Random(1).nextBytes(before);
    byte[] written = Arrays.copyOf(before, before.length + 3_000);
    Arrays.fill(written, before.length, written.length, (byte) '#'); // a crashed attempt's tail
    Files.write(file, written);

    byte[] after = "and then the rest".repeat(1_000).getBytes();
    try (DirectStagingFile staged = DirectStagingFile.open(file, before.length, 4096, true)) {
      assertThat(staged.length()).isEqualTo(before.length);
      staged.write(after, 0, after.length);
      assertThat(staged.flush()).isEqualTo(before.length + after.length);
      byte[] expected = Arrays.copyOf(before, before.length + after.length);
      System.arraycopy(after, 0, expected, before.length, after.length);
      assertThat(Files.readAllBytes(file)).isEqualTo(expected);
      assertThat(staged.sha256()).isEqualTo(Digests.sha256Hex(expected));
    }
  }
}
