package io.exportjobs.pack;

/** What was written: the archive's SHA-256 (hex), its size and the entries it holds. */
public record PackResult(String sha256, long sizeBytes, long entryCount) {}
