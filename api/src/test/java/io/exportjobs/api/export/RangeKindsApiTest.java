package io.exportjobs.api.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.exportjobs.api.testing.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Issue 14: ranges on recordedAt and on seq are accepted for every type, and every malformed one is
 * a problem answer naming the field, never a job.
 */
class RangeKindsApiTest extends ApiTestSupport {

  private MvcResult post(String key, String type, String range) {
    return perform(postJson(BASE, key, "{\"type\": \"" + type + "\", \"range\": " + range + "}"));
  }

  @Test
  void recordedAndSeqRangesAreAcceptedForEveryTypeAndShownAsAsked() throws Exception {
    for (String type : new String[] {"ledger", "evidence_pack", "audit_report"}) {
      MvcResult recorded =
          post(
              WRITER,
              type,
              "{\"from\": \"2026-10-01T00:00:00Z\", \"to\": \"2026-10-02T00:00:00Z\","
                  + " \"basis\": \"recorded\"}");
      assertThat(recorded.getResponse().getStatus()).isEqualTo(202);
      Map<String, Object> range = range(recorded);
      assertThat(range).containsEntry("basis", "recorded");

      MvcResult seqs = post(WRITER, type, "{\"fromSeq\": 10, \"toSeq\": 20}");
      assertThat(seqs.getResponse().getStatus()).isEqualTo(202);
      assertThat(range(seqs)).containsEntry("fromSeq", 10).containsEntry("toSeq", 20);

      MvcResult open = post(WRITER, type, "{\"fromSeq\": 10}");
      assertThat(open.getResponse().getStatus()).isEqualTo(202);
      assertThat(range(open)).containsEntry("fromSeq", 10).doesNotContainKey("toSeq");
    }
    assertThat(post(ADMIN, "snapshot", "{\"toSeq\": 20}").getResponse().getStatus()).isEqualTo(202);
    assertThat(
            post(ADMIN, "snapshot", "{\"to\": \"2026-10-02T00:00:00Z\", \"basis\": \"recorded\"}")
                .getResponse()
                .getStatus())
        .isEqualTo(202);
  }

  @Test
  void malformedRangesAreProblemsNamingTheField() {
    assertInvalid(post(WRITER, "ledger", "{\"fromSeq\": 0, \"toSeq\": 5}"), "range.fromSeq");
    assertInvalid(post(WRITER, "ledger", "{\"toSeq\": 5}"), "range.fromSeq");
    assertInvalid(post(WRITER, "ledger", "{\"fromSeq\": 7, \"toSeq\": 7}"), "range");
    assertInvalid(
        post(WRITER, "ledger", "{\"fromSeq\": 1, \"from\": \"2026-10-01T00:00:00Z\"}"), "range");
    assertInvalid(
        post(
            WRITER,
            "ledger",
            "{\"from\": \"2026-10-01T00:00:00Z\", \"to\": \"2026-10-02T00:00:00Z\","
                + " \"basis\": \"whenever\"}"),
        "range.basis");
    assertInvalid(post(ADMIN, "snapshot", "{\"fromSeq\": 3}"), "range.fromSeq");
    assertInvalid(
        post(ADMIN, "snapshot", "{\"to\": \"2026-10-02T00:00:00Z\", \"basis\": \"occurred\"}"),
        "range.basis");
    assertProblem(
        post(WRITER, "ledger", "{\"fromSeq\": \"ten\", \"toSeq\": 20}"), 400, "validation_failed");
    verify(gateway, never()).start(any());
  }

  /**
   * JSON Schema's {@code integer} is a number without a fraction, however it is written: 10.0 and
   * 2e1 are 10 and 20. A fraction, or a whole number no int64 holds, is refused naming the field.
   */
  @Test
  void aWholeNumberIsReadHoweverItIsWritten() throws Exception {
    MvcResult seqs = post(WRITER, "ledger", "{\"fromSeq\": 10.0, \"toSeq\": 2e1}");
    assertThat(seqs.getResponse().getStatus()).isEqualTo(202);
    assertThat(range(seqs)).containsEntry("fromSeq", 10).containsEntry("toSeq", 20);
    for (String notWhole :
        new String[] {"10.5", "2.5e-42", "1e19", "-1e999999999", "1e999999999"}) {
      assertInvalid(
          post(WRITER, "ledger", "{\"fromSeq\": " + notWhole + ", \"toSeq\": 20}"),
          "range.fromSeq");
    }
    verify(gateway, org.mockito.Mockito.times(1)).start(any());
  }

  @Test
  void aSeqRangeWiderThanTheMaxEntriesIsRefusedByThePolicy() {
    MvcResult tooWide = post(WRITER, "ledger", "{\"fromSeq\": 1, \"toSeq\": 20000000}");
    Map<String, Object> problem = assertProblem(tooWide, 422, "out_of_bounds");
    assertThat((String) problem.get("detail")).contains("19999999 seqs");
    verify(gateway, never()).start(any());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> range(MvcResult result) throws Exception {
    Map<String, Object> job = body(result);
    return (Map<String, Object>) job.get("range");
  }
}
