package io.exportjobs.worker.extraction;

import io.exportjobs.pack.json.Digests;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's staging file as an extraction writes it: bytes appended in order, which {@link #flush}
 * puts into the file so that a checkpoint can name them. Two kinds: through the page cache ({@link
 * ChannelStagingFile}), or straight to the disk with {@code O_DIRECT} ({@link DirectStagingFile}).
 */
interface StagingFile extends Closeable {

  /** Appends {@code len} bytes; they may wait in the file's own buffer until {@link #flush}. */
  void write(byte[] src, int off, int len) throws IOException;

  /** Puts every byte appended so far into the file; answers the file's length. */
  long flush() throws IOException;

  /** Bytes appended so far, flushed or not, counted from the start of the file. */
  long length();

  /** After the last {@link #flush}: makes the file durable on the disk (fsync). */
  void force() throws IOException;

  /**
   * After the last {@link #flush}, once: the SHA-256 of the whole file (lower-case hex), taken from
   * the bytes as they were written, so that nobody needs to read the file again for it. Only for a
   * file opened with {@code digest}.
   */
  String sha256() throws IOException;

  /**
   * Opens {@code file} to go on after its first {@code from} bytes (anything after them, written by
   * an attempt that crashed after its last checkpoint, is dropped). {@code direct} asks for {@code
   * O_DIRECT}; where the file system cannot do it, the file is written through the page cache
   * instead. {@code digest} asks for {@link #sha256}; a resumed file then reads its first {@code
   * from} bytes back once.
   */
  static StagingFile open(Path file, long from, boolean direct, int bufferSize, boolean digest)
      throws IOException {
    if (direct) {
      try {
        return DirectStagingFile.open(file, from, bufferSize, digest);
      } catch (IOException | UnsupportedOperationException e) {
        Unsupported.sayOnce(file, e);
      }
    }
    return ChannelStagingFile.open(file, from, digest);
  }

  /** A SHA-256 digest of the first {@code length} bytes of {@code file}, to go on from. */
  static MessageDigest digestOf(Path file, long length) throws IOException {
    MessageDigest digest = Digests.sha256();
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(file + " ended before its checkpoint at " + length);
        }
        digest.update(buffer, 0, n);
        left -= n;
      }
    }
    return digest;
  }

  /**
   * This file as a stream, for writers that want one: {@code flush()} on the stream is {@link
   * #flush} here; closing it does not close the file.
   */
  default OutputStream asStream() {
    StagingFile file = this;
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        file.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        file.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        file.flush();
      }
    };
  }

  /** Says once per process that direct writes were asked for and cannot be had here. */
  final class Unsupported {
    private static final Logger log = LoggerFactory.getLogger(StagingFile.class);
    private static volatile boolean said;

    private Unsupported() {}

    static void sayOnce(Path file, Exception why) {
      if (!said) {
        said = true;
        log.info(
            "exportjobs.extraction.direct-io is on, but {} cannot be opened with O_DIRECT ({});"
                + " staging files are written through the page cache",
            file.getParent(),
            why.toString());
      }
    }
  }
}
