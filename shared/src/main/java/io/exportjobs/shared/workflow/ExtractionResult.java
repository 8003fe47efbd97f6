package io.exportjobs.shared.workflow;

import io.exportjobs.pack.ledger.ChainHead;

/**
 * A finished staging file: where it is on the worker's disk and what it holds. {@code workerQueue}
 * is the task queue of the worker that holds the file, so that the steps that read it run there;
 * {@code ledgerHead} is the entry the export was pinned to (evidence packs and snapshots). Both are
 * null in results of the first version. {@code fromSeq} is where an incremental schedule's run
 * starts, as the extraction resolved it (null for every other job). {@code sha256} is the file's
 * digest (lower-case hex) as the extraction wrote it, so that publishing need not read the file
 * again; null where the file is not published as it is (a pack's or report's entries) and in older
 * results.
 */
public record ExtractionResult(
    String stagingPath,
    long entryCount,
    long bytesWritten,
    long lastSeq,
    String workerQueue,
    ChainHead ledgerHead,
    Long fromSeq,
    String sha256) {

  public ExtractionResult(String stagingPath, long entryCount, long bytesWritten, long lastSeq) {
    this(stagingPath, entryCount, bytesWritten, lastSeq, null, null, null, null);
  }

  public ExtractionResult(
      String stagingPath,
      long entryCount,
      long bytesWritten,
      long lastSeq,
      String workerQueue,
      ChainHead ledgerHead) {
    this(stagingPath, entryCount, bytesWritten, lastSeq, workerQueue, ledgerHead, null, null);
  }

  /** The same entries, staged as another file (the built artifact) on the same worker. */
  public ExtractionResult staged(String path, long bytes) {
    return new ExtractionResult(
        path, entryCount, bytes, lastSeq, workerQueue, ledgerHead, fromSeq, null);
  }
}
