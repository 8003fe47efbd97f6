package io.exportjobs.api.audit;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Appends the caller's actions to their tenant's ledger before the api carries them out, with the
 * caller as {@code actor} ({@link Caller#actor()}). Fail closed: when the entry cannot be written
 * the action does not happen and the answer is 503 {@code unavailable}. When the action itself then
 * fails, a second entry with the same action and outcome {@code failure} says so (best effort: the
 * ledger is append-only, the first entry stays).
 */
@Component
public class AuditTrail {

  private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

  private final LedgerStore ledger;
  private final Clock clock;

  AuditTrail(LedgerStore ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /** One caller's action, for {@link #recordAll}. */
  public record Action(Caller caller, AuditEntry entry) {}

  /**
   * Appends {@code entry} as a success by the caller; not a second time when its event key was
   * recorded already, unless that earlier request was not carried out. Throws 503 {@code
   * unavailable} when it cannot be written. Inside a transaction it joins it, so the entry commits
   * with what the caller does in that transaction.
   */
  public void record(Caller caller, AuditEntry entry) {
    recordAll(caller.tenant(), List.of(new Action(caller, entry)));
  }

  /**
   * {@link #record} for the actions of several callers of one tenant, in one append: all or none
   * are written, and 503 {@code unavailable} for all when they cannot be.
   */
  public void recordAll(String tenant, List<Action> actions) {
    try {
      Set<String> recorded =
          ledger.recordedEventKeys(
              tenant,
              actions.stream().map(a -> a.entry().eventKey()).filter(k -> k != null).toList());
      List<NewLedgerEntry> entries = new ArrayList<>(actions.size());
      for (Action a : actions) {
        AuditEntry entry = a.entry();
        if (entry.eventKey() != null && recorded.contains(entry.eventKey())) {
          if (!notCarriedOutBefore(tenant, entry)) {
            continue; // recorded already, by the workflow or an earlier request that happened
          }
          // the key is taken by an earlier request whose action then failed: this one happens,
          // so it gets an entry of its own (without the key, which the ledger cannot give back)
          entry = new AuditEntry(entry.action(), entry.resource(), entry.attributes(), null);
        }
        entries.add(toLedger(a.caller(), entry, Outcome.SUCCESS));
      }
      if (!entries.isEmpty()) { // a batch of creates all refused: no head lock to take
        ledger.append(tenant, entries);
      }
    } catch (RuntimeException e) {
      log.error(
          "could not append {} to the ledger of {}; refusing the action",
          actions.stream().map(a -> a.entry().action() + " on " + a.entry().resource()).toList(),
          tenant,
          e);
      throw ApiException.unavailable(
          "the audit ledger could not record this action, so it was not carried out; try again");
    }
  }

  /**
   * Whether the last entry of {@code entry}'s action, resource and attempt says that it was not
   * carried out ({@link #notCarriedOut}): then its event key belongs to a request that did not
   * happen.
   */
  private boolean notCarriedOutBefore(String tenant, AuditEntry entry) {
    if (entry.eventKey() == null) {
      return false;
    }
    LedgerQuery same =
        new LedgerQuery(
            tenant,
            null,
            null,
            new ExportFilters(null, List.of(entry.action()), List.of(entry.resource()), null),
            0);
    Object attempt = entry.attributes().get("attempt");
    List<LedgerEntry> entries =
        ledger.page(same, 1_000).stream()
            .filter(
                e -> String.valueOf(e.attributes().get("attempt")).equals(String.valueOf(attempt)))
            .toList();
    return !entries.isEmpty()
        && Boolean.TRUE.equals(entries.get(entries.size() - 1).attributes().get("notCarriedOut"));
  }

  /**
   * Records {@code entry}, then runs {@code action}; if the action throws after the entry was
   * written, appends the failure entry ({@link #notCarriedOut}) and rethrows.
   */
  public <T> T recordThen(Caller caller, AuditEntry entry, Supplier<T> action) {
    record(caller, entry);
    try {
      return action.get();
    } catch (RuntimeException e) {
      notCarriedOut(caller, entry, e);
      throw e;
    }
  }

  /**
   * Appends that the action of {@code entry}, recorded before, did not happen: the same action and
   * resource, outcome {@code failure}, and {@code error: {code, status}}. Never throws; a failure
   * to write it is logged.
   */
  public void notCarriedOut(Caller caller, AuditEntry entry, RuntimeException cause) {
    Map<String, Object> error = new LinkedHashMap<>();
    if (cause instanceof ApiException api) {
      error.put("code", api.code());
      error.put("status", api.status().value());
    } else {
      error.put("code", "unavailable");
      error.put("status", 503);
    }
    Map<String, Object> attributes = new LinkedHashMap<>(entry.attributes());
    attributes.put("notCarriedOut", true);
    attributes.put("error", error);
    AuditEntry failure = new AuditEntry(entry.action(), entry.resource(), attributes, null);
    try {
      ledger.append(caller.tenant(), List.of(toLedger(caller, failure, Outcome.FAILURE)));
    } catch (RuntimeException e) {
      log.error(
          "{} on {} was recorded but not carried out, and the ledger could not record that either",
          entry.action(),
          entry.resource(),
          e);
    }
  }

  /**
   * Creates the tenant's chain head outside any transaction, so that an append joined to a larger
   * transaction (a job's creation) never races another first append to create it.
   */
  public void prepare(String tenant) {
    try {
      ledger.ensureChain(tenant);
    } catch (RuntimeException e) {
      log.error("the ledger of {} is unavailable; refusing the action", tenant, e);
      throw ApiException.unavailable(
          "the audit ledger could not record this action, so it was not carried out; try again");
    }
  }

  private NewLedgerEntry toLedger(Caller caller, AuditEntry entry, Outcome outcome) {
    return new NewLedgerEntry(
        clock.instant(),
        caller.actor(),
        entry.action(),
        entry.resource(),
        outcome,
        entry.attributes(),
        entry.eventKey());
  }
}
