package io.exportjobs.shared.artifact;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Bytes of an S3 object from a position, fetched by one ranged GET that starts only at the first
 * read: a {@code skip} before it moves the start for free. With a known length the GET asks for
 * exactly those bytes; without one, to the end of the object. Closed before its end, it aborts the
 * HTTP response instead of draining the rest of the object from the connection.
 */
final class S3RangeInputStream extends InputStream {

  private final S3ArtifactStore store;
  private final String objectKey;
  private long position;

  /** Bytes still wanted; negative: up to the end of the object. */
  private long remaining;

  private ResponseInputStream<GetObjectResponse> response;
  private boolean ended;
  private boolean closed;

  S3RangeInputStream(S3ArtifactStore store, String objectKey, long offset, long length) {
    this.store = store;
    this.objectKey = objectKey;
    this.position = offset;
    this.remaining = length;
    this.ended = length == 0;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    if (len == 0) {
      return 0;
    }
    if (ended || !open()) {
      return -1;
    }
    int wanted = remaining < 0 ? len : (int) Math.min(len, remaining);
    int n = response.read(b, off, wanted);
    if (n < 0) {
      ended = true;
      return -1;
    }
    position += n;
    if (remaining > 0) {
      remaining -= n;
      ended = remaining == 0;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    ensureOpen();
    if (n <= 0 || ended) {
      return 0;
    }
    long step = remaining < 0 ? n : Math.min(n, remaining);
    if (response == null) {
      // not fetching yet: move where the GET will start (past the end, it reads nothing)
      position += step;
      if (remaining > 0) {
        remaining -= step;
        ended = remaining == 0;
      }
      return step;
    }
    long skipped = response.skip(step);
    position += skipped;
    if (remaining > 0) {
      remaining -= skipped;
      ended = remaining == 0;
    }
    return skipped;
  }

  /** Starts the GET if needed; false if there is nothing at this position. */
  private boolean open() throws IOException {
    if (response == null) {
      long last = remaining < 0 ? -1 : position + remaining - 1;
      response = store.get(objectKey, position, last);
      if (response == null) {
        ended = true;
        return false;
      }
    }
    return true;
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("stream closed");
    }
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (response != null) {
      if (!ended) {
        response.abort();
      }
      response.close();
    }
  }
}
