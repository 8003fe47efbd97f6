package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobIndex;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.worker.ActivityFailures;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Streams a job's ledger entries into its staging file. Memory stays constant whatever the range (a
 * cursor in, a buffered stream out). It heartbeats a checkpoint at least every second and resumes
 * from the last one after a crash, so the finished file is byte-identical to an uninterrupted run.
 */
@Component("extractionActivities")
public class ExtractionActivitiesImpl implements ExtractionActivities {

  private static final Logger log = LoggerFactory.getLogger(ExtractionActivitiesImpl.class);
  private static final Duration CHECKPOINT_EVERY = Duration.ofSeconds(1);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

  private final LedgerStore ledger;
  private final JobIndex jobIndex;
  private final StagingArea staging;
  private final Clock clock;
  private final ProgressSignals signals;

  private final String hostQueue;

  @Autowired
  public ExtractionActivitiesImpl(
      LedgerStore ledger,
      JobIndex jobIndex,
      StagingArea staging,
      Clock clock,
      ProgressSignals signals,
      @Value("${exportjobs.worker.host-queue:}") String hostQueue) {
    this.ledger = ledger;
    this.jobIndex = jobIndex;
    this.staging = staging;
    this.clock = clock;
    this.signals = signals;
    this.hostQueue = hostQueue.isBlank() ? null : hostQueue;
  }

  public ExtractionActivitiesImpl(
      LedgerStore ledger, JobIndex jobIndex, StagingArea staging, Clock clock) {
    this(ledger, jobIndex, staging, clock, ProgressSignals.off(), "");
  }

  @Override
  public ExtractionResult extract(ExportRequest request) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    boolean built = ExportSelection.built(request.type());
    // a pack or report is built from its entries in a later step: stage them as NDJSON
    Path file = built ? staging.entriesFileFor(request) : staging.fileFor(request);
    ExportFormat format = built ? ExportFormat.NDJSON : request.format();
    try {
      ExtractionCheckpoint from = resumePoint(ctx, file);
      if (from.bytes() > 0) {
        log.info(
            "resuming extraction of {} after seq {} ({} entries, {} bytes)",
            request.jobId(),
            from.lastSeq(),
            from.entries(),
            from.bytes());
      }
      ExportSelection selection = ExportSelection.of(ledger, request);
      ExtractionCheckpoint done = writeFrom(ctx, request, selection.query(), format, file, from);
      ctx.heartbeat(done);
      jobIndex.recordProgress(
          request.jobId(), request.attempt(), new ExportProgress(done.entries(), done.bytes()));
      return new ExtractionResult(
          file.toString(),
          done.entries(),
          done.bytes(),
          done.lastSeq(),
          hostQueue,
          selection.pin());
    } catch (ActivityCompletionException cancelledOrTimedOut) {
      throw cancelledOrTimedOut;
    } catch (IOException | UncheckedIOException | org.springframework.dao.DataAccessException e) {
      throw ActivityFailures.retryable("extraction_failed", e);
    }
  }

  /** The last heartbeated checkpoint, if the staging file still holds at least that much. */
  private ExtractionCheckpoint resumePoint(ActivityExecutionContext ctx, Path file)
      throws IOException {
    ExtractionCheckpoint checkpoint =
        ctx.getHeartbeatDetails(ExtractionCheckpoint.class).orElse(ExtractionCheckpoint.start());
    if (checkpoint.bytes() > 0 && Files.exists(file) && Files.size(file) >= checkpoint.bytes()) {
      return checkpoint;
    }
    return ExtractionCheckpoint.start();
  }

  private ExtractionCheckpoint writeFrom(
      ActivityExecutionContext ctx,
      ExportRequest request,
      LedgerQuery selected,
      ExportFormat format,
      Path file,
      ExtractionCheckpoint from)
      throws IOException {
    Files.createDirectories(file.getParent());
    try (FileChannel channel =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
      // drop whatever a crashed attempt wrote after its last checkpoint
      channel.truncate(from.bytes());
      channel.position(from.bytes());
      CountingOutputStream counted =
          new CountingOutputStream(Channels.newOutputStream(channel), from.bytes());
      OutputStream out = new BufferedOutputStream(counted, 1 << 16);
      EntryWriter writer = EntryWriter.forFormat(format);
      writer.begin(out, from.entries());
      Progress progress = new Progress(ctx, request, writer, out, counted, from);
      LedgerQuery query = selected.after(from.lastSeq());
      try {
        ReadAhead.run(
            "ledger-read-" + request.jobId(),
            sink -> ledger.streamRecorded(query, sink),
            entry -> {
              writer.write(entry);
              progress.entryWritten(entry.seq());
            },
            progress::checkpointNow);
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      writer.end();
      out.flush();
      channel.force(true);
      return new ExtractionCheckpoint(progress.lastSeq, progress.entries, counted.count());
    }
  }

  /** Checkpoints and progress reports, throttled by time. */
  private final class Progress {
    private final ActivityExecutionContext ctx;
    private final ExportRequest request;
    private final EntryWriter writer;
    private final OutputStream out;
    private final CountingOutputStream counted;
    private long lastSeq;
    private long entries;
    private Instant nextCheckpoint;
    private Instant nextProgress;
    private final ProgressSignals.Reporter reporter;

    Progress(
        ActivityExecutionContext ctx,
        ExportRequest request,
        EntryWriter writer,
        OutputStream out,
        CountingOutputStream counted,
        ExtractionCheckpoint from) {
      this.ctx = ctx;
      this.request = request;
      this.writer = writer;
      this.out = out;
      this.counted = counted;
      this.lastSeq = from.lastSeq();
      this.entries = from.entries();
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

    /**
     * Heartbeats while no rows arrive, so that a slow first row neither times the attempt out nor
     * keeps a cancellation from being delivered.
     */
    void checkpointNow() throws IOException {
      writer.flush();
      out.flush();
      ctx.heartbeat(new ExtractionCheckpoint(lastSeq, entries, counted.count()));
    }

    void entryWritten(long seq) {
      lastSeq = seq;
      entries++;
      if ((entries & 1023) != 0) {
        return;
      }
      Instant now = clock.instant();
      if (now.isBefore(nextCheckpoint)) {
        return;
      }
      try {
        // the checkpoint must name bytes that are really in the file
        writer.flush();
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      ctx.heartbeat(new ExtractionCheckpoint(lastSeq, entries, counted.count()));
      nextCheckpoint = now.plus(CHECKPOINT_EVERY);
      if (!now.isBefore(nextProgress)) {
        jobIndex.recordProgress(
            request.jobId(), request.attempt(), new ExportProgress(entries, counted.count()));
        nextProgress = now.plus(PROGRESS_EVERY);
      }
      reporter.offer(entries, counted.count(), now);
    }
  }
}
