package io.exportjobs.worker.audit;

import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.workflow.AuditActivities;
import io.exportjobs.shared.workflow.AuditEvent;
import java.util.List;
import org.springframework.stereotype.Component;

/** Appends the service's own export events to the tenant's ledger, at most once per event key. */
@Component("auditActivities")
public class AuditActivitiesImpl implements AuditActivities {

  private final LedgerStore ledger;

  public AuditActivitiesImpl(LedgerStore ledger) {
    this.ledger = ledger;
  }

  @Override
  public void append(AuditEvent event) {
    ledger.append(
        event.tenant(),
        List.of(
            new NewLedgerEntry(
                event.occurredAt(),
                event.actor(),
                event.action(),
                "export:" + event.jobId(),
                Outcome.parse(event.outcome()).orElse(Outcome.SUCCESS),
                event.attributes(),
                event.eventKey())));
  }
}
