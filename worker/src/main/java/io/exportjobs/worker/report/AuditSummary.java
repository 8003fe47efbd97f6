package io.exportjobs.worker.report;

import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.ledger.RecordedEntry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The numbers of an audit report, accumulated in one pass over entries in {@code seq} order: exact
 * counts in total, by outcome, by UTC day of {@code occurredAt}, by action, by actor and by
 * resource type (each split by outcome), the seq and time extent, and the failures and denials.
 *
 * <p>Memory does not grow with the number of entries, only with the number of distinct days,
 * actions, actors and resource types, plus at most {@link #flaggedLimit()} listed failures and
 * denials: the <em>first</em> ones in seq order (the oldest recorded); {@link #flaggedTotal()} is
 * always exact. Not thread-safe: one summary per stream.
 */
public final class AuditSummary {

  /** How many failures and denials a summary lists unless told otherwise. */
  public static final int DEFAULT_FLAGGED_LIMIT = 1_000;

  private static final long SECONDS_PER_DAY = 86_400;
  private static final Comparator<KeyCount> BY_COUNT_THEN_KEY =
      Comparator.comparingLong((KeyCount k) -> k.counts().total())
          .reversed()
          .thenComparing(KeyCount::key);

  private final int flaggedLimit;
  private final long[] outcomes = new long[3];
  private final Map<Long, long[]> byDay = new HashMap<>();
  private final Map<String, long[]> byAction = new HashMap<>();
  private final Map<String, long[]> byActor = new HashMap<>();
  private final Map<String, long[]> byResourceType = new HashMap<>();
  private final List<FlaggedEntry> flagged = new ArrayList<>();

  private long total;
  private long flaggedTotal;
  private long firstSeq;
  private long lastSeq;
  private Instant firstOccurredAt;
  private Instant lastOccurredAt;
  private Instant earliestOccurredAt;
  private Instant latestOccurredAt;

  // entries come in seq order, and mostly in time order too: most lookups hit the last day and
  // often the last action and actor
  private long cachedDay = Long.MIN_VALUE;
  private long[] cachedDayCounts;
  private String cachedAction;
  private long[] cachedActionCounts;
  private String cachedActor;
  private long[] cachedActorCounts;

  public AuditSummary() {
    this(DEFAULT_FLAGGED_LIMIT);
  }

  /** A summary that lists at most {@code flaggedLimit} (0 or more) failures and denials. */
  public AuditSummary(int flaggedLimit) {
    if (flaggedLimit < 0) {
      throw new IllegalArgumentException("flaggedLimit must be 0 or more, not " + flaggedLimit);
    }
    this.flaggedLimit = flaggedLimit;
  }

  public void add(LedgerEntry e) {
    add(e.seq(), e.occurredAt(), e.actor(), e.action(), e.resource(), e.outcome());
  }

  /** The same as {@link #add(LedgerEntry)} for the unparsed rows of the streaming fast path. */
  public void add(RecordedEntry e) {
    add(e.seq(), e.occurredAt(), e.actor(), e.action(), e.resource(), e.outcome());
  }

  /**
   * Counts one entry.
   *
   * @throws IllegalArgumentException if {@code seq} is not greater than the previous entry's
   */
  public void add(
      long seq, Instant occurredAt, String actor, String action, String resource, Outcome outcome) {
    if (total > 0 && seq <= lastSeq) {
      throw new IllegalArgumentException(
          "entries must come in ascending seq order: " + seq + " after " + lastSeq);
    }
    int o = outcome.ordinal();
    if (total == 0) {
      firstSeq = seq;
      firstOccurredAt = occurredAt;
      earliestOccurredAt = occurredAt;
      latestOccurredAt = occurredAt;
    } else if (occurredAt.isBefore(earliestOccurredAt)) {
      earliestOccurredAt = occurredAt;
    } else if (occurredAt.isAfter(latestOccurredAt)) {
      latestOccurredAt = occurredAt;
    }
    total++;
    lastSeq = seq;
    lastOccurredAt = occurredAt;
    outcomes[o]++;

    long day = Math.floorDiv(occurredAt.getEpochSecond(), SECONDS_PER_DAY);
    if (day != cachedDay) {
      cachedDay = day;
      cachedDayCounts = byDay.computeIfAbsent(day, d -> new long[3]);
    }
    cachedDayCounts[o]++;

    if (!action.equals(cachedAction)) {
      cachedAction = action;
      cachedActionCounts = byAction.computeIfAbsent(action, a -> new long[3]);
    }
    cachedActionCounts[o]++;

    if (!actor.equals(cachedActor)) {
      cachedActor = actor;
      cachedActorCounts = byActor.computeIfAbsent(actor, a -> new long[3]);
    }
    cachedActorCounts[o]++;

    byResourceType.computeIfAbsent(resourceType(resource), r -> new long[3])[o]++;

    if (outcome != Outcome.SUCCESS) {
      flaggedTotal++;
      if (flagged.size() < flaggedLimit) {
        flagged.add(new FlaggedEntry(seq, occurredAt, actor, action, resource, outcome));
      }
    }
  }

  /**
   * The type of a resource: what comes before its first {@code /} or {@code :} ({@code doc/42} →
   * {@code doc}, {@code export:exp-1} → {@code export}), or the whole resource if it has neither.
   */
  public static String resourceType(String resource) {
    for (int i = 0; i < resource.length(); i++) {
      char c = resource.charAt(i);
      if (c == '/' || c == ':') {
        return resource.substring(0, i);
      }
    }
    return resource;
  }

  public long total() {
    return total;
  }

  public OutcomeCounts outcomes() {
    return OutcomeCounts.of(outcomes);
  }

  /** Every UTC day that has at least one entry, oldest first. */
  public List<DayCount> byDay() {
    List<DayCount> days = new ArrayList<>(byDay.size());
    byDay.forEach((day, counts) -> days.add(new DayCount(LocalDate.ofEpochDay(day), of(counts))));
    days.sort(Comparator.comparing(DayCount::day));
    return days;
  }

  /** Every action, most entries first, ties by action (ascending). */
  public List<KeyCount> byAction() {
    return sorted(byAction);
  }

  /** Every actor, most entries first, ties by actor (ascending). */
  public List<KeyCount> byActor() {
    return sorted(byActor);
  }

  /** Every resource type (see {@link #resourceType}), most entries first, ties by name. */
  public List<KeyCount> byResourceType() {
    return sorted(byResourceType);
  }

  /** How many distinct UTC days have entries. */
  public int distinctDays() {
    return byDay.size();
  }

  public int distinctActions() {
    return byAction.size();
  }

  public int distinctActors() {
    return byActor.size();
  }

  public int distinctResourceTypes() {
    return byResourceType.size();
  }

  /** The seq of the first entry added, or null if none was. */
  public Long firstSeq() {
    return total == 0 ? null : firstSeq;
  }

  /** The seq of the last entry added, or null if none was. */
  public Long lastSeq() {
    return total == 0 ? null : lastSeq;
  }

  /** The {@code occurredAt} of the first entry (by seq), or null. */
  public Instant firstOccurredAt() {
    return firstOccurredAt;
  }

  /** The {@code occurredAt} of the last entry (by seq), or null. */
  public Instant lastOccurredAt() {
    return lastOccurredAt;
  }

  /** The smallest {@code occurredAt} of all entries (clients set it, so not always the first). */
  public Instant earliestOccurredAt() {
    return earliestOccurredAt;
  }

  /** The greatest {@code occurredAt} of all entries, or null. */
  public Instant latestOccurredAt() {
    return latestOccurredAt;
  }

  /** How many failures and denials there are, listed or not. */
  public long flaggedTotal() {
    return flaggedTotal;
  }

  /** The first {@link #flaggedLimit()} failures and denials, in seq order. */
  public List<FlaggedEntry> flagged() {
    return Collections.unmodifiableList(flagged);
  }

  public int flaggedLimit() {
    return flaggedLimit;
  }

  private static OutcomeCounts of(long[] counts) {
    return OutcomeCounts.of(counts);
  }

  private static List<KeyCount> sorted(Map<String, long[]> counts) {
    List<KeyCount> list = new ArrayList<>(counts.size());
    counts.forEach((key, c) -> list.add(new KeyCount(key, of(c))));
    list.sort(BY_COUNT_THEN_KEY);
    return list;
  }
}
