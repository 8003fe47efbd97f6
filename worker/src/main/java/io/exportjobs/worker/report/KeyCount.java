package io.exportjobs.worker.report;

/** The entries of one action, actor or resource type, split by outcome. */
public record KeyCount(String key, OutcomeCounts counts) {}
