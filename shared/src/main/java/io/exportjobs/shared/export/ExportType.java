package io.exportjobs.shared.export;

import static io.exportjobs.shared.export.ExportFormat.CSV;
import static io.exportjobs.shared.export.ExportFormat.HTML;
import static io.exportjobs.shared.export.ExportFormat.JSON;
import static io.exportjobs.shared.export.ExportFormat.NDJSON;
import static io.exportjobs.shared.export.ExportFormat.TAR_GZ;
import static io.exportjobs.shared.export.ExportFormat.ZIP;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The export types of the contract, each with every property the api, the policy and the worker
 * decide by: nothing else asks "which type is this?". A type's artifact is written by its builder
 * in the worker ({@code io.exportjobs.worker.packaging.ArtifactBuilder}); docs/design.md, "Adding
 * an export type", lists the files a new type touches.
 */
public enum ExportType {
  /** The entries themselves, written by the extraction in the requested format. */
  LEDGER(Step.EXTRACTED, Artifact.PLAIN, LedgerPin.NONE, Access.OPEN, NDJSON, CSV, JSON),
  /** A signed, self-verifying bundle of the range's entries, with the audit report. */
  EVIDENCE_PACK(Step.BUILT, Artifact.PACK, LedgerPin.AT_CREATION, Access.OPEN, TAR_GZ, ZIP),
  /** A summary of the range's entries. */
  AUDIT_REPORT(Step.BUILT, Artifact.PLAIN, LedgerPin.AT_CREATION, Access.OPEN, HTML, JSON, CSV),
  /** The whole ledger as recorded before {@code range.to}, signed like the evidence pack. */
  SNAPSHOT(
      Step.BUILT, Artifact.PACK, LedgerPin.WHOLE_LEDGER_AT_RANGE_END, Access.RESTRICTED, TAR_GZ);

  /** Whether the extraction writes the artifact, or stages entries.ndjson for a build step. */
  private enum Step {
    EXTRACTED,
    BUILT
  }

  /** Whether the artifact is a signed pack (verified like the offline verifier does). */
  private enum Artifact {
    PLAIN,
    PACK
  }

  /** Whether the built-in policy restricts the type to callers with {@code exports:admin}. */
  private enum Access {
    OPEN,
    RESTRICTED
  }

  private final Step step;
  private final Artifact artifact;
  private final LedgerPin pin;
  private final Access access;
  private final List<ExportFormat> formats;

  ExportType(Step step, Artifact artifact, LedgerPin pin, Access access, ExportFormat... formats) {
    this.step = step;
    this.artifact = artifact;
    this.pin = pin;
    this.access = access;
    this.formats = List.of(formats);
  }

  @JsonValue
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether the artifact is built from the job's entries in a step after the extraction: the
   * extraction then stages them as entries.ndjson, and the workflow runs the build activity. The
   * one place that decides it.
   */
  public boolean needsBuildStep() {
    return step == Step.BUILT;
  }

  /** Whether the artifact is a signed pack: entries, statement, signature, checkpoint, proof. */
  public boolean isPack() {
    return artifact == Artifact.PACK;
  }

  /** Which state of the ledger the export reads. */
  public LedgerPin ledgerPin() {
    return pin;
  }

  /**
   * Whether the export holds the whole ledger from seq 1 (no {@code range.from}, no filters), up to
   * where its range ends.
   */
  public boolean wholeLedger() {
    return pin == LedgerPin.WHOLE_LEDGER_AT_RANGE_END;
  }

  /** Whether the built-in policy restricts the type to callers with {@code exports:admin}. */
  public boolean restrictedByDefault() {
    return access == Access.RESTRICTED;
  }

  /** The formats of the contract, the default first. */
  public List<ExportFormat> formats() {
    return formats;
  }

  public ExportFormat defaultFormat() {
    return formats.get(0);
  }

  public boolean supports(ExportFormat format) {
    return formats.contains(format);
  }

  public static Optional<ExportType> parse(String wire) {
    return Arrays.stream(values()).filter(t -> t.wire().equals(wire)).findFirst();
  }

  @JsonCreator
  static ExportType fromJson(String wire) {
    return parse(wire)
        .orElseThrow(() -> new IllegalArgumentException("unknown type '" + wire + "'"));
  }
}
