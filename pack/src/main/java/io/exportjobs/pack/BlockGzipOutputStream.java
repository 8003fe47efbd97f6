package io.exportjobs.pack;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * One gzip member (RFC 1952) whose deflate stream is compressed in independent blocks on several
 * cores, the way {@code pigz} does: each {@value #BLOCK}-byte block of input is deflated on its
 * own, primed with the last 32 KiB of the block before it as a preset dictionary, and ends with a
 * sync flush (an empty stored block), so that the blocks' outputs, written in order, form one
 * deflate stream; an empty final block closes it. {@code gzip -d}, {@link
 * java.util.zip.GZIPInputStream} and every other inflater read it as any gzip file.
 *
 * <p>The bytes depend only on the input and the level, never on the number of threads or their
 * timing (the blocks are cut at fixed offsets), so a pack stays reproducible. Against one serial
 * deflate the output is a few hundred bytes per MiB larger (the flush markers, and matches that
 * cannot span a block's start beyond the dictionary).
 *
 * <p>Memory is bounded: at most {@code 2 × threads} blocks are in flight; the caller's {@code
 * write} waits for the oldest to be written when that many are. Blocks are compressed on a shared
 * pool of daemon threads, one per core, which all packs of a process share, so that concurrent
 * packs together use the cores once, not once each. On one core, blocks are compressed in the
 * caller's thread.
 */
final class BlockGzipOutputStream extends OutputStream {

  /** Input per block; the same as {@code pigz}'s default. */
  static final int BLOCK = 128 * 1024;

  /** Deflate's window: the most a match can reach back, so the most of a dictionary it uses. */
  static final int DICTIONARY = 32 * 1024;

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;
  private static final int DEFLATE = 8;

  /** An empty final block with fixed Huffman codes: BFINAL=1, BTYPE=01, end-of-block. */
  private static final byte[] LAST_BLOCK = {0x03, 0x00};

  private static final int CORES = Runtime.getRuntime().availableProcessors();
  private static final ExecutorService SHARED = CORES > 1 ? pool(CORES) : null;
  private static final ThreadLocal<Deflater[]> DEFLATERS =
      ThreadLocal.withInitial(() -> new Deflater[Deflater.BEST_COMPRESSION + 1]);

  private final OutputStream out;
  private final int level;
  private final Executor executor;
  private final int maxInFlight;
  private final ArrayDeque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();
  private final CRC32 crc = new CRC32();
  private long length;
  private byte[] block = new byte[BLOCK];
  private int filled;
  private byte[] previous;
  private boolean closed;
  private boolean broken;

  /** On the shared pool (or the caller's thread on one core). */
  BlockGzipOutputStream(OutputStream out, int level, int operatingSystem) throws IOException {
    this(out, level, operatingSystem, SHARED, CORES);
  }

  /**
   * @param executor where blocks are compressed; null for the caller's thread
   * @param threads how many blocks {@code executor} compresses at once
   */
  BlockGzipOutputStream(
      OutputStream out, int level, int operatingSystem, Executor executor, int threads)
      throws IOException {
    if (level < Deflater.BEST_SPEED || level > Deflater.BEST_COMPRESSION) {
      throw new IllegalArgumentException("gzip level " + level + " is not 1 to 9");
    }
    this.out = out;
    this.level = level;
    this.executor = executor;
    this.maxInFlight = executor == null ? 1 : 2 * Math.max(1, threads);
    // RFC 1952 header: no flags, no modification time, XFL as gzip sets it for the level
    int xfl = level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0;
    out.write(
        new byte[] {
          (byte) GZIP_MAGIC_1,
          (byte) GZIP_MAGIC_2,
          DEFLATE,
          0,
          0,
          0,
          0,
          0,
          (byte) xfl,
          (byte) operatingSystem
        });
  }

  @Override
  public void write(int b) throws IOException {
    ensureOpen();
    block[filled++] = (byte) b;
    if (filled == BLOCK) {
      submit();
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    while (len > 0) {
      int n = Math.min(len, BLOCK - filled);
      System.arraycopy(b, off, block, filled, n);
      filled += n;
      off += n;
      len -= n;
      if (filled == BLOCK) {
        submit();
      }
    }
  }

  /** Writes what is compressed so far; a partial block stays until it fills or the stream ends. */
  @Override
  public void flush() throws IOException {
    ensureOpen();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (broken) {
        // a block failed and the caller gave up: no trailer that would make the torso look whole
        return;
      }
      if (filled > 0) {
        submit();
      }
      while (!inFlight.isEmpty()) {
        writeOldest();
      }
      out.write(LAST_BLOCK);
      writeIntLe((int) crc.getValue());
      writeIntLe((int) length);
      out.flush();
    } finally {
      inFlight.forEach(f -> f.cancel(false));
      out.close();
    }
  }

  private void submit() throws IOException {
    byte[] input = block;
    int size = filled;
    byte[] dictionary = previous;
    try {
      crc.update(input, 0, size);
      length += size;
      inFlight.add(
          executor == null
              ? CompletableFuture.completedFuture(deflate(level, dictionary, input, size))
              : CompletableFuture.supplyAsync(
                  () -> deflate(level, dictionary, input, size), executor));
    } catch (RuntimeException e) {
      // a block that is in the CRC but not in the stream: nothing more may be written
      broken = true;
      throw e;
    }
    // the block just handed over is the next one's dictionary; blocks before it are done with
    previous = input;
    block = new byte[BLOCK];
    filled = 0;
    while (inFlight.size() >= maxInFlight) {
      writeOldest();
    }
  }

  private void writeOldest() throws IOException {
    try {
      out.write(inFlight.poll().get());
    } catch (InterruptedException e) {
      broken = true;
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while compressing");
    } catch (ExecutionException e) {
      broken = true;
      throw new IOException("compressing a block failed", e.getCause());
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /**
   * One block, raw deflate, ending in a sync flush. {@code dictionary} is the previous block
   * (always a whole one), null for the first.
   */
  static byte[] deflate(int level, byte[] dictionary, byte[] input, int size) {
    Deflater[] mine = DEFLATERS.get();
    Deflater deflater = mine[level];
    if (deflater == null) {
      deflater = mine[level] = new Deflater(level, true);
    } else {
      deflater.reset();
    }
    if (dictionary != null) {
      deflater.setDictionary(dictionary, dictionary.length - DICTIONARY, DICTIONARY);
    }
    deflater.setInput(input, 0, size);
    byte[] output = new byte[size + (size >> 3) + 64];
    int written = 0;
    while (true) {
      int n = deflater.deflate(output, written, output.length - written, Deflater.SYNC_FLUSH);
      written += n;
      if (written < output.length) {
        // less than the room it had: the flush is complete (Deflater#deflate's contract)
        return Arrays.copyOf(output, written);
      }
      output = Arrays.copyOf(output, output.length * 2);
    }
  }

  private void writeIntLe(int v) throws IOException {
    out.write(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
    if (broken) {
      throw new IOException("an earlier write to this gzip stream failed");
    }
  }

  private static ExecutorService pool(int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread t = new Thread(task, "pack-gzip-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
