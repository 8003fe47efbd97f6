package io.exportjobs.worker.report;

import java.time.LocalDate;

/** The entries whose {@code occurredAt} falls on one UTC day, split by outcome. */
public record DayCount(LocalDate day, OutcomeCounts counts) {}
