package io.exportjobs.pack;

import java.util.Arrays;
import java.util.Locale;

/** What a pack holds, as its statement's predicate names it ({@code type}). */
public enum PackType {
  /** Entries of a range (and filters), with the audit report of the same range. */
  EVIDENCE_PACK,
  /** The whole chain recorded before a time, gap-free from seq 1. */
  SNAPSHOT;

  /** {@code evidence_pack} or {@code snapshot}. */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The pack type of an export type's wire name.
   *
   * @throws IllegalArgumentException for any other name (a ledger export or an audit report)
   */
  public static PackType of(String wire) {
    return Arrays.stream(values())
        .filter(t -> t.wire().equals(wire))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("packs are evidence_pack or snapshot, not " + wire));
  }
}
