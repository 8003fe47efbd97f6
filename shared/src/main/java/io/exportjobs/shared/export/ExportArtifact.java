package io.exportjobs.shared.export;

/** The finished artifact as users see it; {@code downloadUrl} is filled in by the api. */
public record ExportArtifact(
    String fileName,
    String contentType,
    long sizeBytes,
    String sha256,
    long entryCount,
    String downloadUrl) {

  public ExportArtifact withDownloadUrl(String url) {
    return new ExportArtifact(fileName, contentType, sizeBytes, sha256, entryCount, url);
  }
}
