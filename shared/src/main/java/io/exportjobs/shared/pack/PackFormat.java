package io.exportjobs.shared.pack;

import io.exportjobs.shared.export.ExportFormat;

/** The container of an evidence pack or snapshot. */
public enum PackFormat {
  TAR_GZ,
  ZIP;

  public static PackFormat of(ExportFormat format) {
    return switch (format) {
      case TAR_GZ -> TAR_GZ;
      case ZIP -> ZIP;
      default -> throw new IllegalArgumentException("not an archive format: " + format.wire());
    };
  }
}
