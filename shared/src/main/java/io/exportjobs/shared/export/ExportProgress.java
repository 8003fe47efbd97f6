package io.exportjobs.shared.export;

/**
 * How far an attempt has come. {@code entriesTotal} is what the export will hold: counted by the
 * workflow's policy check before anything is written (null until then), and kept as that count once
 * the job completed, beside the artifact's {@code entryCount}, which it should equal.
 */
public record ExportProgress(long entriesExported, long bytesWritten, Long entriesTotal) {

  public ExportProgress(long entriesExported, long bytesWritten) {
    this(entriesExported, bytesWritten, null);
  }

  public static ExportProgress none() {
    return new ExportProgress(0, 0, null);
  }

  public ExportProgress withTotal(Long total) {
    return new ExportProgress(entriesExported, bytesWritten, total);
  }
}
