package io.exportjobs.shared.pack;

import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.ExportType;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.ChainHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/**
 * What a pack says about its entries: the predicate of its in-toto statement.
 *
 * @param type {@code evidence_pack} or {@code snapshot}
 * @param range the exported range ({@code from} null for a snapshot)
 * @param entryCount lines of entries.ndjson
 * @param firstSeq seq of the first entry, null when there are none
 * @param lastSeq seq of the last entry, null when there are none
 * @param ledgerHead the tenant's chain head at export time (for a snapshot: its last entry)
 */
public record PackManifest(
    String tenant,
    String jobId,
    ExportType type,
    TimeRange range,
    ExportFilters filters,
    long entryCount,
    Long firstSeq,
    Long lastSeq,
    ChainHead ledgerHead,
    Generator generator) {

  public PackManifest {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(range, "range");
    filters = filters == null ? ExportFilters.none() : filters;
    Objects.requireNonNull(ledgerHead, "ledgerHead");
    generator = generator == null ? Generator.current() : generator;
    if (type != ExportType.EVIDENCE_PACK && type != ExportType.SNAPSHOT) {
      throw new IllegalArgumentException("packs are evidence_pack or snapshot, not " + type.wire());
    }
    if (entryCount < 0
        || (entryCount == 0) != (firstSeq == null)
        || (firstSeq == null) != (lastSeq == null)) {
      throw new IllegalArgumentException(
          "firstSeq and lastSeq are set exactly when entryCount > 0");
    }
  }

  /** The software that wrote the pack. */
  public record Generator(String name, String version) {

    /** This build: name {@code exportjobs}, version of the Maven project. */
    public static Generator current() {
      Properties p = new Properties();
      try (InputStream in = PackManifest.class.getResourceAsStream("generator.properties")) {
        if (in != null) {
          p.load(in);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      String version = p.getProperty("version", "dev");
      return new Generator(
          p.getProperty("name", "exportjobs"), version.startsWith("@") ? "dev" : version);
    }
  }
}
