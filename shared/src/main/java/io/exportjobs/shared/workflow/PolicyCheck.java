package io.exportjobs.shared.workflow;

/**
 * What the workflow's policy check found: the request is allowed, and the export would hold {@code
 * entriesTotal} entries (counted over exactly what it reads, the same count the max-entries limit
 * is checked against).
 */
public record PolicyCheck(long entriesTotal) {}
