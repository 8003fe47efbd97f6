package io.exportjobs.pack;

import java.util.List;
import java.util.Set;

/**
 * The files of a pack, in archive order. The order lets the writer stream {@code entries.ndjson}
 * once: its digest is known when {@code SHA256SUMS} and the statement are written after it.
 *
 * <p>{@code SHA256SUMS} lists the content files (README.txt, entries.ndjson, report.html); the
 * statement's subjects are every file but the statement and its envelope (so also SHA256SUMS); the
 * envelope signs the statement. Every byte is thus covered by the signature.
 */
public final class PackFiles {

  public static final String README = "README.txt";
  public static final String ENTRIES = "entries.ndjson";
  public static final String REPORT = "report.html";
  public static final String CHECKPOINT = "checkpoint";
  public static final String PROOF = "proof.json";
  public static final String SHA256SUMS = "SHA256SUMS";
  public static final String STATEMENT = "statement.json";
  public static final String ENVELOPE = "statement.dsse.json";

  /** Archive order. */
  public static final List<String> ORDER =
      List.of(README, ENTRIES, REPORT, CHECKPOINT, PROOF, SHA256SUMS, STATEMENT, ENVELOPE);

  /**
   * Files a pack may carry besides the required ones. Every pack the service writes now carries
   * {@code checkpoint} and {@code proof.json}; packs written before them still verify, without a
   * proof.
   */
  public static final Set<String> OPTIONAL = Set.of(REPORT, CHECKPOINT, PROOF);

  public static final Set<String> REQUIRED =
      Set.of(README, ENTRIES, SHA256SUMS, STATEMENT, ENVELOPE);

  /** Files listed in SHA256SUMS (when present). */
  public static final List<String> SUMMED = List.of(README, ENTRIES, REPORT, CHECKPOINT, PROOF);

  /** Files listed as subjects of the statement (when present). */
  public static final List<String> SUBJECTS =
      List.of(README, ENTRIES, REPORT, CHECKPOINT, PROOF, SHA256SUMS);

  private PackFiles() {}
}
