package io.exportjobs.api.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.api.testing.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/** Issue 14: what an incremental schedule must be, answered as problems naming the field. */
class IncrementalScheduleApiTest extends ApiTestSupport {

  private static final String SCHEDULES = "/api/v1/export-schedules";

  private MvcResult post(String fields) {
    return perform(
        postJson(
            SCHEDULES,
            WRITER,
            "{\"cron\": \"0 3 * * *\", \"job\": {\"type\": \"evidence_pack\"}, " + fields + "}"));
  }

  @Test
  void anIncrementalScheduleHasNoWindow() {
    assertInvalid(post("\"mode\": \"incremental\", \"window\": \"P1D\""), "window");
  }

  @Test
  void itsStartSeqIsAtLeastOne() {
    assertInvalid(post("\"mode\": \"incremental\", \"startSeq\": 0"), "startSeq");
  }

  @Test
  void startSeqIsOnlyForIncrementalSchedules() {
    assertInvalid(post("\"window\": \"P1D\", \"startSeq\": 5"), "startSeq");
  }

  /**
   * A run exports a window, or the entries since the last run; a snapshot (the whole ledger, from
   * seq 1) is neither. Refused naming the job's type, for an admin who may take snapshots too,
   * instead of a complaint about a range.from the request never had.
   */
  @Test
  void aSnapshotIsNotScheduled() {
    for (String mode : new String[] {"\"window\": \"P1D\"", "\"mode\": \"incremental\""}) {
      MvcResult result =
          perform(
              postJson(
                  SCHEDULES,
                  ADMIN,
                  "{\"cron\": \"0 3 * * *\", \"job\": {\"type\": \"snapshot\"}, " + mode + "}"));
      Map<String, Object> problem = assertInvalid(result, "job.type");
      assertThat(problem.toString()).doesNotContain("range.from");
    }
  }

  @Test
  void anUnknownModeIsRefused() {
    assertInvalid(post("\"mode\": \"sometimes\""), "mode");
  }
}
