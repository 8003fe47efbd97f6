package io.exportjobs.api.export;

import io.exportjobs.shared.artifact.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.AbstractResource;

/**
 * The bytes {@code [offset, offset + length)} of a stored artifact, the body of a 206 answer. Its
 * stream asks the store for those bytes only (a ranged GET on S3), never the whole artifact.
 */
final class ArtifactRangeResource extends AbstractResource {

  private final ArtifactStore store;
  private final String key;
  private final long offset;
  private final long length;

  ArtifactRangeResource(ArtifactStore store, String key, long offset, long length) {
    this.store = store;
    this.key = key;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return store.openRange(key, offset, length);
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public boolean exists() {
    return true;
  }

  @Override
  public String getDescription() {
    return "bytes " + offset + "+" + length + " of artifact " + store.target() + ":" + key;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ArtifactRangeResource o
        && o.store == store
        && o.key.equals(key)
        && o.offset == offset
        && o.length == length;
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Long.hashCode(offset);
  }
}
