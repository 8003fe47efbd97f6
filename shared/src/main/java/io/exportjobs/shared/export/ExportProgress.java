package io.exportjobs.shared.export;

public record ExportProgress(long entriesExported, long bytesWritten) {

  public static ExportProgress none() {
    return new ExportProgress(0, 0);
  }
}
