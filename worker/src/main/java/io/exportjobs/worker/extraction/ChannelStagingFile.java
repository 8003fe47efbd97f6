package io.exportjobs.worker.extraction;

import io.exportjobs.pack.json.Digests;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * A staging file written through the page cache: every {@link #write} is a {@code write(2)}, so
 * {@link #flush} has nothing left to do. The writer in front of it buffers.
 */
final class ChannelStagingFile implements StagingFile {

  private final FileChannel channel;
  private final MessageDigest digest;
  private long length;

  private ChannelStagingFile(FileChannel channel, long length, MessageDigest digest) {
    this.channel = channel;
    this.length = length;
    this.digest = digest;
  }

  static ChannelStagingFile open(Path file, long from, boolean digest) throws IOException {
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      channel.truncate(from);
      channel.position(from);
      return new ChannelStagingFile(
          channel, from, digest ? StagingFile.digestOf(file, from) : null);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void write(byte[] src, int off, int len) throws IOException {
    ByteBuffer pending = ByteBuffer.wrap(src, off, len);
    while (pending.hasRemaining()) {
      channel.write(pending);
    }
    length += len;
    if (digest != null) {
      digest.update(src, off, len);
    }
  }

  @Override
  public long flush() {
    return length;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public void force() throws IOException {
    channel.force(true);
  }

  @Override
  public String sha256() {
    if (digest == null) {
      throw new IllegalStateException("this staging file was opened without a digest");
    }
    return Digests.hex(digest.digest());
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
