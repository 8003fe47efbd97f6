package io.exportjobs.pack;

import static io.exportjobs.pack.BlockGzipOutputStream.BLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockGzipOutputStreamTest {

  static final ExecutorService FOUR = Executors.newFixedThreadPool(4);

  @TempDir Path dir;

  @AfterAll
  static void stop() {
    FOUR.shutdownNow();
  }

  /** Ledger-like lines: compressible, with repeats far apart and near. */
  static byte[] text(int size, long seed) {
    Random random = new Random(seed);
    StringBuilder s = new StringBuilder(size + 200);
    for (long seq = 1; s.length() < size; seq++) {
      s.append("{\"seq\":")
          .append(seq)
          .append(",\"actor\":\"user-")
          .append(random.nextInt(50))
          .append("\",\"action\":\"export.")
          .append(random.nextBoolean() ? "requested" : "completed")
          .append("\",\"hash\":\"")
          .append(Long.toHexString(random.nextLong()))
          .append("\"}\n");
    }
    return s.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] gzip(byte[] input, ExecutorService executor, int threads, int chunk)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new BlockGzipOutputStream(out, 6, 255, executor, threads)) {
      for (int off = 0; off < input.length; off += chunk) {
        gz.write(input, off, Math.min(chunk, input.length - off));
      }
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 5 * BLOCK + 17})
  void inflatesToTheInputAtEverySizeAroundTheBlockBoundaries(int size) throws IOException {
    byte[] input = text(size, size);
    assertThat(gunzip(gzip(input, FOUR, 4, 10_240))).isEqualTo(input);
    assertThat(gunzip(gzip(input, null, 1, 7))).isEqualTo(input);
  }

  @Test
  void theBytesDependOnlyOnTheInputNotOnThreadsOrWriteSizes() throws IOException {
    byte[] input = text(9 * BLOCK + 1234, 7);
    byte[] serial = gzip(input, null, 1, 512);
    assertThat(gzip(input, FOUR, 4, 65_536)).isEqualTo(serial);
    assertThat(gzip(input, FOUR, 1, 1)).isEqualTo(serial);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new BlockGzipOutputStream(out, 6, 255)) {
      gz.write(input);
    }
    assertThat(out.toByteArray()).as("the shared pool").isEqualTo(serial);
  }

  @Test
  void headerCarriesNoNameOrTimeAndTheTrailerTheCrcAndLength() throws IOException {
    byte[] input = text(3 * BLOCK, 3);
    byte[] gz = gzip(input, FOUR, 4, 4096);
    assertThat(java.util.Arrays.copyOf(gz, 10))
        .containsExactly(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(input);
    int n = gz.length;
    long storedCrc =
        (gz[n - 8] & 0xffL)
            | (gz[n - 7] & 0xffL) << 8
            | (gz[n - 6] & 0xffL) << 16
            | (gz[n - 5] & 0xffL) << 24;
    long storedLength =
        (gz[n - 4] & 0xffL)
            | (gz[n - 3] & 0xffL) << 8
            | (gz[n - 2] & 0xffL) << 16
            | (gz[n - 1] & 0xffL) << 24;
    assertThat(storedCrc).isEqualTo(crc.getValue());
    assertThat(storedLength).isEqualTo(input.length);
  }

  @Test
  void compressesWithinOnePercentOfOneSerialDeflateAtTheSameLevel() throws IOException {
    byte[] input = text(40 * BLOCK, 11);
    ByteArrayOutputStream serial = new ByteArrayOutputStream();
    try (GZIPOutputStream gz =
        new GZIPOutputStream(serial) {
          {
            def.setLevel(6);
          }
        }) {
      gz.write(input);
    }
    byte[] blocks = gzip(input, FOUR, 4, 65_536);
    assertThat((double) blocks.length / serial.size()).isBetween(0.99, 1.01);
  }

  @Test
  void gnuGzipReadsItAsOneValidMember() throws Exception {
    byte[] input = text(6 * BLOCK + 99, 5);
    Path file = Files.write(dir.resolve("blocks.gz"), gzip(input, FOUR, 4, 10_240));
    Process test =
        new ProcessBuilder("gzip", "-t", file.toString()).redirectErrorStream(true).start();
    String testOut = new String(test.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(test.waitFor()).as(testOut).isZero();
    Process decompress =
        new ProcessBuilder("gzip", "-dc", file.toString()).redirectErrorStream(true).start();
    byte[] got = decompress.getInputStream().readAllBytes();
    assertThat(decompress.waitFor()).isZero();
    assertThat(got).isEqualTo(input);
  }

  @Test
  void aFailedWriteLeavesNoTrailerAndTheStreamClosed() throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream failing =
        new OutputStream() {
          int writes;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (++writes > 2) {
              throw new IOException("disk full");
            }
            sink.write(b, off, len);
          }
        };
    OutputStream gz = new BlockGzipOutputStream(failing, 6, 255, null, 1);
    byte[] input = text(4 * BLOCK, 9);
    assertThatThrownBy(() -> gz.write(input)).hasMessageContaining("disk full");
    assertThatThrownBy(() -> gz.write(input)).hasMessageContaining("earlier write");
    int before = sink.size();
    gz.close();
    assertThat(sink.size()).as("nothing written after the failure").isEqualTo(before);
    assertThatThrownBy(() -> gz.write(1)).hasMessageContaining("closed");
  }
}
