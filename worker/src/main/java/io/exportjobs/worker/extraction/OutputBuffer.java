package io.exportjobs.worker.extraction;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The fast path's write buffer: encoders put bytes straight into {@link #buf} (after {@link
 * #reserve}), and a full buffer goes to the file in one write. It counts every byte, so a
 * checkpoint can name the exact offset that a flush has made true in the file.
 */
final class OutputBuffer {

  private final FileChannel channel;
  private long flushed;
  byte[] buf;
  int pos;

  OutputBuffer(FileChannel channel, long startOffset, int size) {
    this.channel = channel;
    this.flushed = startOffset;
    this.buf = new byte[size];
  }

  /**
   * Makes room for {@code n} more bytes at {@link #pos}: flushes when the buffer is too full, and
   * grows it for a row larger than the whole buffer (rare: a 16 KiB attributes value escaped).
   */
  void reserve(int n) throws IOException {
    if (buf.length - pos >= n) {
      return;
    }
    flush();
    if (buf.length < n) {
      buf = new byte[Math.max(n, buf.length * 2)];
    }
  }

  void put(byte[] bytes) throws IOException {
    reserve(bytes.length);
    System.arraycopy(bytes, 0, buf, pos, bytes.length);
    pos += bytes.length;
  }

  /** Writes what is buffered to the file; answers how many bytes the file now holds. */
  long flush() throws IOException {
    ByteBuffer pending = ByteBuffer.wrap(buf, 0, pos);
    while (pending.hasRemaining()) {
      channel.write(pending);
    }
    flushed += pos;
    pos = 0;
    return flushed;
  }

  /** Bytes written so far, flushed or not, counted from the start of the file. */
  long count() {
    return flushed + pos;
  }
}
