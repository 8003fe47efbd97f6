package io.exportjobs.shared.workflow;

import java.time.Instant;

/**
 * Handed from one run of a job's workflow to the next when a job that waits for a slot continues as
 * a new run to keep its history small: it has been announced and its policy checked already, it
 * waits since {@code since}, this is its {@code run}-th run, and the policy check counted {@code
 * entriesTotal}. Null in the first run.
 */
public record WaitingForSlot(Instant since, int run, Long entriesTotal) {}
