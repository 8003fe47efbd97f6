package io.exportjobs.worker.extraction;

import java.io.IOException;

/**
 * The fast path's write buffer: encoders put bytes straight into {@link #buf} (after {@link
 * #reserve}), and a full buffer goes to the staging file in one write. It counts every byte, so a
 * checkpoint can name the exact offset that a flush has made true in the file.
 */
final class OutputBuffer {

  private final StagingFile file;
  byte[] buf;
  int pos;

  OutputBuffer(StagingFile file, int size) {
    this.file = file;
    this.buf = new byte[size];
  }

  /**
   * Makes room for {@code n} more bytes at {@link #pos}: hands the buffer to the file when it is
   * too full, and grows it for a row larger than the whole buffer (rare: a 16 KiB attributes value
   * escaped).
   */
  void reserve(int n) throws IOException {
    if (buf.length - pos >= n) {
      return;
    }
    drain();
    if (buf.length < n) {
      buf = new byte[Math.max(n, buf.length * 2)];
    }
  }

  void put(byte[] bytes) throws IOException {
    reserve(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /** Puts what is buffered into the file; answers how many bytes the file now holds. */
  long flush() throws IOException {
    drain();
    return file.flush();
  }

  private void drain() throws IOException {
    file.write(buf, 0, pos);
    pos = 0;
  }

  /** Bytes written so far, flushed or not, counted from the start of the file. */
  long count() {
    return file.length() + pos;
  }
}
