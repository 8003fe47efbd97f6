package io.exportjobs.api.schedule;

import io.exportjobs.api.testing.ApiTestSupport;
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

  @Test
  void anUnknownModeIsRefused() {
    assertInvalid(post("\"mode\": \"sometimes\""), "mode");
  }
}
