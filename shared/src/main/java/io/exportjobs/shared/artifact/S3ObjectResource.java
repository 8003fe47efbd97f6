package io.exportjobs.shared.artifact;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.AbstractResource;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * One object of an {@link S3ArtifactStore}. Its streams start their GET lazily, at the position the
 * reader has skipped to, so Spring MVC's byte-range handling (skip, then read the region) never
 * downloads what it skips.
 */
final class S3ObjectResource extends AbstractResource {

  private final S3ArtifactStore store;
  private final String objectKey;
  private volatile HeadObjectResponse head;

  S3ObjectResource(S3ArtifactStore store, String objectKey) {
    this.store = store;
    this.objectKey = objectKey;
  }

  @Override
  public InputStream getInputStream() {
    return new S3RangeInputStream(store, objectKey, 0, -1);
  }

  @Override
  public boolean exists() {
    try {
      return store.head(objectKey).isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public long contentLength() throws IOException {
    return head().contentLength();
  }

  @Override
  public long lastModified() throws IOException {
    return head().lastModified().toEpochMilli();
  }

  @Override
  public String getFilename() {
    return objectKey.substring(objectKey.lastIndexOf('/') + 1);
  }

  @Override
  public String getDescription() {
    return "S3 object " + store.describe(objectKey);
  }

  private HeadObjectResponse head() throws IOException {
    HeadObjectResponse h = head;
    if (h == null) {
      h =
          store
              .head(objectKey)
              .orElseThrow(
                  () -> new FileNotFoundException(store.describe(objectKey) + " does not exist"));
      head = h;
    }
    return h;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof S3ObjectResource o && o.store == store && o.objectKey.equals(objectKey);
  }

  @Override
  public int hashCode() {
    return objectKey.hashCode();
  }
}
