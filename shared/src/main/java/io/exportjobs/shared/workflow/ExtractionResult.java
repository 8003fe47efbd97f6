package io.exportjobs.shared.workflow;

/** A finished staging file: where it is on the worker's disk and what it holds. */
public record ExtractionResult(
    String stagingPath, long entryCount, long bytesWritten, long lastSeq) {}
