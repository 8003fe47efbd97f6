package io.exportjobs.worker.extraction;

import io.exportjobs.shared.export.ExportFormat;
import io.exportjobs.shared.export.ExportProgress;
import io.exportjobs.shared.export.ExportRequest;
import io.exportjobs.shared.export.JobQueries;
import io.exportjobs.shared.export.JobStore;
import io.exportjobs.shared.export.TimeRange;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.workflow.ExtractionActivities;
import io.exportjobs.shared.workflow.ExtractionResult;
import io.exportjobs.worker.ActivityFailures;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Streams a job's ledger entries into its staging file. Memory stays constant whatever the range (a
 * cursor or a COPY in, a buffered file out). It heartbeats a checkpoint at least every second and
 * resumes from the last one after a crash, so the finished file is byte-identical to an
 * uninterrupted run. On PostgreSQL it reads with binary COPY ({@link CopyExtraction}), elsewhere
 * through JDBC ({@link JdbcExtraction}); both write the same bytes.
 */
@Component("extractionActivities")
public class ExtractionActivitiesImpl implements ExtractionActivities {

  private static final Logger log = LoggerFactory.getLogger(ExtractionActivitiesImpl.class);

  private final LedgerStore ledger;
  private final JobStore jobIndex;
  private final JobQueries jobQueries;
  private final StagingArea staging;
  private final Clock clock;
  private final ProgressSignals signals;
  private final ExtractionPath path;
  private final ExtractionSettings settings;
  private final String hostQueue;

  @Autowired
  public ExtractionActivitiesImpl(
      LedgerStore ledger,
      JobStore jobIndex,
      JobQueries jobQueries,
      StagingArea staging,
      Clock clock,
      ProgressSignals signals,
      DataSource dataSource,
      ExtractionSettings settings,
      @Value("${exportjobs.worker.host-queue:}") String hostQueue) {
    this.ledger = ledger;
    this.jobIndex = jobIndex;
    this.jobQueries = jobQueries;
    this.staging = staging;
    this.clock = clock;
    this.signals = signals;
    this.path = choosePath(ledger, dataSource, settings);
    this.settings = settings;
    if (settings.directIo()) {
      log.info("staging files are written with O_DIRECT, past the page cache");
    }
    this.hostQueue = hostQueue.isBlank() ? null : hostQueue;
  }

  /** Reads through JDBC, whatever the database: the portable path. */
  public ExtractionActivitiesImpl(
      LedgerStore ledger,
      JobStore jobIndex,
      JobQueries jobQueries,
      StagingArea staging,
      Clock clock) {
    this(
        ledger,
        jobIndex,
        jobQueries,
        staging,
        clock,
        ProgressSignals.off(),
        null,
        ExtractionSettings.defaults(ExtractionSettings.Reader.JDBC),
        "");
  }

  private static ExtractionPath choosePath(
      LedgerStore ledger, DataSource dataSource, ExtractionSettings settings) {
    boolean postgres = dataSource != null && CopyExtraction.supports(dataSource);
    if (settings.reader() == ExtractionSettings.Reader.COPY && !postgres) {
      throw new IllegalStateException(
          "exportjobs.extraction.reader=copy needs PostgreSQL; this database has no COPY");
    }
    boolean copy = settings.reader() != ExtractionSettings.Reader.JDBC && postgres;
    if (copy) {
      log.info(
          "extractions read the ledger with PostgreSQL binary COPY (a block of {} bytes for what"
              + " it sends, and a write buffer of as many)",
          settings.bufferSize());
    } else {
      log.info("extractions read the ledger with JDBC");
    }
    return copy
        ? new CopyExtraction(dataSource, settings.bufferSize())
        : new JdbcExtraction(ledger);
  }

  @Override
  public ExtractionResult extract(ExportRequest asked) {
    ActivityExecutionContext ctx = Activity.getExecutionContext();
    // an incremental run starts where the schedule's last successful run ended
    Long fromSeq =
        asked.incrementalRun()
            ? jobQueries.incrementalStart(
                asked.tenant(), asked.scheduleId(), asked.range().firstSeq())
            : null;
    ExportRequest request =
        fromSeq == null ? asked : asked.withRange(TimeRange.ofSeq(fromSeq, null));
    boolean built = request.type().needsBuildStep();
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
      Checkpoints checkpoints = new Checkpoints(ctx, jobIndex, signals, request, clock, from);
      // a ledger export's file is published as it is: digest it while writing
      Written written = writeFrom(request, selection, format, file, !built, from, checkpoints);
      ExtractionCheckpoint done = written.done();
      ctx.heartbeat(done);
      jobIndex.recordProgress(
          request.jobId(), request.attempt(), new ExportProgress(done.entries(), done.bytes()));
      return new ExtractionResult(
          file.toString(),
          done.entries(),
          done.bytes(),
          done.lastSeq(),
          hostQueue,
          selection.pin(),
          fromSeq,
          written.sha256());
    } catch (ActivityCompletionException cancelledOrTimedOut) {
      throw cancelledOrTimedOut;
    } catch (IOException
        | UncheckedIOException
        | SQLException
        | org.springframework.dao.DataAccessException e) {
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

  /** A finished staging file: its last checkpoint, and its SHA-256 if it was asked for. */
  private record Written(ExtractionCheckpoint done, String sha256) {}

  private Written writeFrom(
      ExportRequest request,
      ExportSelection selection,
      ExportFormat format,
      Path file,
      boolean digest,
      ExtractionCheckpoint from,
      Checkpoints checkpoints)
      throws IOException, SQLException {
    Files.createDirectories(file.getParent());
    // drops whatever a crashed attempt wrote after its last checkpoint
    try (StagingFile out =
        StagingFile.open(file, from.bytes(), settings.directIo(), settings.bufferSize(), digest)) {
      long bytes;
      try {
        bytes =
            path.write(
                "ledger-read-" + request.jobId(),
                selection.query().after(from.lastSeq()),
                format,
                out,
                from.entries(),
                checkpoints);
      } catch (IOException | SQLException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      out.force();
      return new Written(checkpoints.done(bytes), digest ? out.sha256() : null);
    }
  }
}
