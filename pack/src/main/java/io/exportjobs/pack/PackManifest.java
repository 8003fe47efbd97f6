package io.exportjobs.pack;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
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
    PackType type,
    Range range,
    Filters filters,
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
    filters = filters == null ? Filters.none() : filters;
    Objects.requireNonNull(ledgerHead, "ledgerHead");
    generator = generator == null ? Generator.current() : generator;
    if (entryCount < 0
        || (entryCount == 0) != (firstSeq == null)
        || (firstSeq == null) != (lastSeq == null)) {
      throw new IllegalArgumentException(
          "firstSeq and lastSeq are set exactly when entryCount > 0");
    }
  }

  /**
   * The exported range: {@code [from, to)} on occurredAt ({@code basis} null or {@code occurred})
   * or recordedAt ({@code basis} {@code recorded}), {@code from} null for "since the start"; or,
   * with {@code fromSeq} and {@code toSeq} set, {@code [fromSeq, toSeq)} on seq.
   */
  public record Range(Instant from, Instant to, String basis, Long fromSeq, Long toSeq) {

    public Range(Instant from, Instant to) {
      this(from, to, null, null, null);
    }

    public static Range ofSeq(long fromSeq, long toSeq) {
      return new Range(null, null, null, fromSeq, toSeq);
    }

    public boolean isSeq() {
      return fromSeq != null;
    }

    public boolean isRecorded() {
      return "recorded".equals(basis);
    }
  }

  /** The filters the entries were selected with (a snapshot has none). */
  public record Filters(
      List<String> actors, List<String> actions, List<String> resources, List<Outcome> outcomes) {

    public Filters {
      actors = actors == null ? List.of() : List.copyOf(actors);
      actions = actions == null ? List.of() : List.copyOf(actions);
      resources = resources == null ? List.of() : List.copyOf(resources);
      outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
    }

    public static Filters none() {
      return new Filters(List.of(), List.of(), List.of(), List.of());
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
