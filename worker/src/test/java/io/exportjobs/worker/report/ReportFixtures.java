package io.exportjobs.worker.report;

import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Realistic audit events from a fixed seed: logins, document work, role changes, invoices, backups;
 * fewer at weekends; a few percent failures and denials, clustered on some actions.
 */
final class ReportFixtures {

  static final String[] ACTORS = {
    "alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com",
    "erin@example.com", "frank@example.com", "grace@example.com", "heidi@example.com",
    "ivan@example.com", "judy@example.com", "mallory@example.com", "svc-backup",
    "svc-billing", "svc-sync", "system"
  };

  /** Action, resource prefix, weight, failure ‰, denied ‰. */
  private static final Object[][] ACTIONS = {
    {"user.login", "app/console", 30, 40, 15},
    {"document.read", "doc/", 26, 5, 10},
    {"document.update", "doc/", 10, 15, 20},
    {"document.delete", "doc/", 3, 20, 120},
    {"role.grant", "role/", 2, 10, 150},
    {"role.revoke", "role/", 1, 10, 80},
    {"invoice.approve", "invoice/", 6, 30, 40},
    {"invoice.create", "invoice/", 7, 20, 5},
    {"backup.run", "backup/nightly", 2, 60, 0},
    {"api_key.create", "api-key/", 1, 10, 90},
    {"export.requested", "export:exp-demo-", 2, 0, 20},
    {"export.completed", "export:exp-demo-", 2, 30, 0},
    {"settings.update", "settings/tenant", 1, 5, 200},
    {"user.logout", "app/console", 5, 0, 0},
  };

  private ReportFixtures() {}

  /** {@code perDay} entries on average for each day of {@code [from, from + days)}. */
  static void generate(
      Instant from, int days, int perDay, long seed, Consumer<NewLedgerEntry> sink) {
    Random random = new Random(seed);
    int totalWeight = 0;
    for (Object[] a : ACTIONS) {
      totalWeight += (int) a[2];
    }
    for (int d = 0; d < days; d++) {
      Instant dayStart = from.plus(Duration.ofDays(d));
      DayOfWeek dow = dayStart.atZone(ZoneOffset.UTC).getDayOfWeek();
      double weekday = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY ? 0.35 : 1.0;
      double wave = 1 + 0.25 * Math.sin(d / 9.0);
      int n = (int) Math.round(perDay * weekday * wave * (0.8 + 0.4 * random.nextDouble()));
      // an incident now and then: a burst of denials
      boolean incident = random.nextInt(40) == 0;
      for (int i = 0; i < n; i++) {
        int pick = random.nextInt(totalWeight);
        Object[] a = ACTIONS[0];
        for (Object[] candidate : ACTIONS) {
          pick -= (int) candidate[2];
          if (pick < 0) {
            a = candidate;
            break;
          }
        }
        String action = (String) a[0];
        String prefix = (String) a[1];
        String resource =
            prefix.endsWith("/") || prefix.endsWith("-")
                ? prefix + (1 + random.nextInt(500))
                : prefix;
        String actor =
            action.startsWith("backup")
                ? "svc-backup"
                : action.startsWith("export.completed")
                    ? "system"
                    : ACTORS[
                        Math.min(ACTORS.length - 1, (int) Math.abs(random.nextGaussian() * 4))];
        int roll = random.nextInt(1000);
        int failure = (int) a[3];
        int denied = (int) a[4] * (incident ? 6 : 1);
        Outcome outcome =
            roll < failure
                ? Outcome.FAILURE
                : roll < failure + denied ? Outcome.DENIED : Outcome.SUCCESS;
        // office hours, mostly
        long second =
            (long) Math.min(86_399, Math.max(0, 13.5 * 3600 + random.nextGaussian() * 3.2 * 3600));
        Instant at = dayStart.plusSeconds(second).plusMillis(random.nextInt(1000));
        sink.accept(
            new NewLedgerEntry(
                at,
                actor,
                action,
                resource,
                outcome,
                Map.of("ip", "10.0.0." + random.nextInt(255))));
      }
    }
  }

  static List<NewLedgerEntry> generate(Instant from, int days, int perDay, long seed) {
    List<NewLedgerEntry> out = new ArrayList<>();
    generate(from, days, perDay, seed, out::add);
    return out;
  }

  /** A summary of generated entries, numbered from seq 1 as the ledger would. */
  static AuditSummary summarise(List<NewLedgerEntry> entries) {
    AuditSummary summary = new AuditSummary();
    long seq = 0;
    for (NewLedgerEntry e : entries) {
      summary.add(++seq, e.occurredAt(), e.actor(), e.action(), e.resource(), e.outcome());
    }
    return summary;
  }

  static ReportMeta meta(AuditSummary summary, Instant from, Instant to) {
    return new ReportMeta(
        "demo",
        "exp-demo-01JDQ7ZK3M8Y5R2V6W9X4T1B0C",
        new TimeRange(from, to),
        ExportFilters.none(),
        summary.total(),
        new ChainHead(
            summary.total() + 12,
            "sha256:9f2c4e1a7b3d5f60812a4c6e8f0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b"),
        "export-jobs",
        "0.1.0");
  }
}
