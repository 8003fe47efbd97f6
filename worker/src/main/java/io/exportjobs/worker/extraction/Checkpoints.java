package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobStore;
import io.temporal.activity.ActivityExecutionContext;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An extraction's checkpoints and progress reports, throttled by time. Every 1024 entries it looks
 * at the clock; once a second has passed it flushes what is written to the file and heartbeats
 * {@code {lastSeq, entries, bytes}}, every two seconds it also writes the job's progress, and it
 * signals the job's workflow as often as {@link ProgressSignals} allows.
 */
final class Checkpoints {

  private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

  /** Pushes everything written so far into the file and answers the file's length. */
  interface FileFlush {
    long flush() throws IOException;
  }

  private final ActivityExecutionContext ctx;
  private final JobStore jobIndex;
  private final ExportRequest request;
  private final Clock clock;
  private FileFlush file;
  private long lastSeq;
  private long entries;
  private Instant nextCheckpoint;
  private Instant nextProgress;
  private final ProgressSignals.Reporter reporter;
  private volatile ExtractionCheckpoint lastSent;
  private volatile long lastSentNanos = System.nanoTime();

  Checkpoints(
      ActivityExecutionContext ctx,
      JobStore jobIndex,
      ProgressSignals signals,
      ExportRequest request,
      Clock clock,
      ExtractionCheckpoint from) {
    this.ctx = ctx;
    this.jobIndex = jobIndex;
    this.request = request;
    this.clock = clock;
    this.lastSeq = from.lastSeq();
    this.entries = from.entries();
    this.lastSent = from;
    Instant now = clock.instant();
    this.nextCheckpoint = now.plus(CHECKPOINT_EVERY);
    this.nextProgress = now.plus(PROGRESS_EVERY);
    Long total =
        jobIndex
            .findById(request.jobId())
            .map(stored -> stored.job().progress().entriesTotal())
            .orElse(null);
    this.reporter = signals.reporter(ctx.getInfo().getWorkflowId(), total, entries, now);
  }

  /** The file the checkpoints speak for; set by the path once it has opened its writer. */
  void writingTo(FileFlush file) {
    this.file = file;
  }

  /**
   * Heartbeats while no rows arrive, so that a slow first row neither times the attempt out nor
   * keeps a cancellation from being delivered.
   */
  void checkpointNow() throws IOException {
    send(new ExtractionCheckpoint(lastSeq, entries, file.flush()));
  }

  /**
   * Heartbeats the last checkpoint sent again if none was sent for {@code quiet}: for a {@link
   * StallWatch} over a writer that may be blocked. Safe from another thread than the writer's: it
   * reads only volatile fields, and an older checkpoint that races a newer one is still true.
   */
  void repeatIfQuiet(Duration quiet) {
    if (System.nanoTime() - lastSentNanos >= quiet.toNanos()) {
      send(lastSent);
    }
  }

  void entryWritten(long seq) throws IOException {
    lastSeq = seq;
    entries++;
    if ((entries & 1023) != 0) {
      return;
    }
    Instant now = clock.instant();
    if (now.isBefore(nextCheckpoint)) {
      return;
    }
    // the checkpoint must name bytes that are really in the file
    long bytes = file.flush();
    send(new ExtractionCheckpoint(lastSeq, entries, bytes));
    nextCheckpoint = now.plus(CHECKPOINT_EVERY);
    if (!now.isBefore(nextProgress)) {
      jobIndex.recordProgress(
          request.jobId(), request.attempt(), new ExportProgress(entries, bytes));
      nextProgress = now.plus(PROGRESS_EVERY);
    }
    reporter.offer(entries, bytes, now);
  }

  private void send(ExtractionCheckpoint checkpoint) {
    ctx.heartbeat(checkpoint);
    lastSent = checkpoint;
    lastSentNanos = System.nanoTime();
  }

  /** The checkpoint of a finished file of {@code bytes} bytes. */
  ExtractionCheckpoint done(long bytes) {
    return new ExtractionCheckpoint(lastSeq, entries, bytes);
  }
}
