package io.exportjobs.pack;

import java.util.Arrays;

/** The container of an evidence pack or snapshot. */
public enum PackFormat {
  TAR_GZ("tar.gz"),
  ZIP("zip");

  private final String wire;

  PackFormat(String wire) {
    this.wire = wire;
  }

  /** The export format's name, also the file extension: {@code tar.gz} or {@code zip}. */
  public String wire() {
    return wire;
  }

  /**
   * The container of an export format's wire name.
   *
   * @throws IllegalArgumentException for a format that is not an archive
   */
  public static PackFormat of(String wire) {
    return Arrays.stream(values())
        .filter(f -> f.wire.equals(wire))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not an archive format: " + wire));
  }
}
