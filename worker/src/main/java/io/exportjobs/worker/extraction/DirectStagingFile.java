package io.exportjobs.worker.extraction;

import com.sun.nio.file.ExtendedOpenOption;
import io.exportjobs.pack.json.Digests;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A staging file written with {@code O_DIRECT}: the bytes go from our buffer to the disk without a
 * copy into the page cache, which on a machine whose memory is not yet warm costs more than the
 * encoding (docs/benchmarks.md has the profile), and an export of gigabytes does not push other
 * files out of the cache.
 *
 * <p>{@code O_DIRECT} wants buffers, offsets and lengths aligned to the file system's block. So the
 * bytes gather in one of two aligned buffers; a full one goes to the disk on this file's own thread
 * while the other fills, so the extraction's thread does not wait for the disk. {@link #flush}
 * writes the last, partial block padded with zeros and then cuts the file back to its real length;
 * the partial block stays in the buffer and is written again, whole, later.
 */
final class DirectStagingFile implements StagingFile {

  private final FileChannel channel;
  private final int block;
  private final ExecutorService writer;
  private MessageDigest digest;
  private ByteBuffer filling;
  private ByteBuffer spare;
  private Future<?> pending;

  /** The file offset of {@code filling}'s first byte, always a multiple of {@code block}. */
  private long start;

  private DirectStagingFile(FileChannel channel, int block, int capacity, String name) {
    this.channel = channel;
    this.block = block;
    this.filling = aligned(capacity, block);
    this.spare = aligned(capacity, block);
    this.writer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "staging-write-" + name);
              thread.setDaemon(true);
              return thread;
            });
  }

  static DirectStagingFile open(Path file, long from, int bufferSize, boolean digest)
      throws IOException {
    if (!Files.exists(file)) {
      Files.createFile(file);
    }
    long blockSize = Files.getFileStore(file).getBlockSize();
    if (blockSize <= 0 || blockSize > (1 << 20) || Long.bitCount(blockSize) != 1) {
      throw new IOException("no usable block size for O_DIRECT: " + blockSize);
    }
    int block = (int) blockSize;
    int capacity = roundUp(Math.max(bufferSize, block), block);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    DirectStagingFile opened = null;
    try {
      channel.truncate(from);
      opened = new DirectStagingFile(channel, block, capacity, file.getFileName().toString());
      opened.resumeAt(file, from);
      if (digest) {
        // the bytes in the buffer are digested as they leave it
        opened.digest = StagingFile.digestOf(file, opened.start);
      }
      return opened;
    } catch (IOException | RuntimeException e) {
      if (opened != null) {
        opened.writer.shutdownNow();
      }
      channel.close();
      throw e;
    }
  }

  /** Takes the file's partial last block into the buffer, to be written again whole. */
  private void resumeAt(Path file, long from) throws IOException {
    start = from - from % block;
    int kept = (int) (from - start);
    if (kept == 0) {
      return;
    }
    try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer head = filling.duplicate().limit(kept);
      long at = start;
      while (head.hasRemaining()) {
        int n = reader.read(head, at);
        if (n < 0) {
          throw new IOException(file + " ended before its checkpoint at " + from);
        }
        at += n;
      }
    }
    filling.position(kept);
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    while (len > 0) {
      int n = Math.min(len, filling.remaining());
      filling.put(src, off, n);
      off += n;
      len -= n;
      if (!filling.hasRemaining()) {
        handOff();
      }
    }
  }

  /** Gives the full buffer to the file's thread and goes on filling the other one. */
  private void handOff() throws IOException {
    awaitPending();
    ByteBuffer full = filling.flip();
    long at = start;
    filling = spare.clear();
    spare = full;
    start += full.limit();
    pending =
        writer.submit(
            () -> {
              if (digest != null) {
                digest.update(full.duplicate());
              }
              return writeFully(full, at);
            });
  }

  @Override
  public long flush() throws IOException {
    awaitPending();
    int used = filling.position();
    if (used == 0) {
      return start;
    }
    int whole = used - used % block;
    int padded = roundUp(used, block);
    for (int i = used; i < padded; i++) {
      filling.put(i, (byte) 0);
    }
    writeFully(filling.duplicate().position(0).limit(padded), start);
    if (padded != used) {
      channel.truncate(start + used);
    }
    if (digest != null) {
      digest.update(filling.duplicate().position(0).limit(whole));
    }
    // whole blocks are done; the partial one moves to the front and is written again next time
    filling.position(whole).limit(used);
    filling.compact();
    start += whole;
    return start + filling.position();
  }

  @Override
  public long length() {
    return start + filling.position();
  }

  @Override
  public void force() throws IOException {
    channel.force(true);
  }

  @Override
  public String sha256() throws IOException {
    if (digest == null) {
      throw new IllegalStateException("this staging file was opened without a digest");
    }
    awaitPending();
    digest.update(filling.duplicate().flip());
    return Digests.hex(digest.digest());
  }

  @Override
  public void close() throws IOException {
    try {
      awaitPending();
    } finally {
      writer.shutdownNow();
      channel.close();
    }
  }

  private Void writeFully(ByteBuffer bytes, long at) throws IOException {
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
    return null;
  }

  private void awaitPending() throws IOException {
    if (pending == null) {
      return;
    }
    try {
      pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while the staging file was being written");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("writing the staging file failed", e.getCause());
    } finally {
      pending = null;
    }
  }

  private static ByteBuffer aligned(int capacity, int block) {
    return ByteBuffer.allocateDirect(capacity + block).alignedSlice(block).slice(0, capacity);
  }

  private static int roundUp(int n, int block) {
    return (n + block - 1) / block * block;
  }
}
