package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.exportjobs.client.ApiClient;
import io.exportjobs.client.ApiException;
import io.exportjobs.client.api.ExportsApi;
import io.exportjobs.client.api.LedgerApi;
import io.exportjobs.client.model.AppendEntriesRequest;
import io.exportjobs.client.model.AppendResult;
import io.exportjobs.client.model.CreateExportRequest;
import io.exportjobs.client.model.ExportJob;
import io.exportjobs.client.model.NewLedgerEntry;
import io.exportjobs.client.model.PageExportJob;
import io.exportjobs.client.model.Problem;
import io.exportjobs.client.model.RequestedRange;
import io.exportjobs.pack.json.Digests;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15, done-when 2: a client that openapi-generator-maven-plugin generated from
 * docs/openapi.json (the document {@code /v3/api-docs} serves, byte for byte after normalising;
 * OpenApiDocumentTest) drives a job's life on the real stack with its own types only: append,
 * create, wait for completed, list with a status filter, download, and a 404 and a 422 read as the
 * document's Problem.
 */
class GeneratedClientE2ETest {

  @RegisterExtension static final Stack stack = Stack.perClass(Map.of());
  static ApiClient client;

  @BeforeAll
  static void start() throws Exception {
    client = new ApiClient();
    client.updateBaseUri("http://127.0.0.1:" + stack.apiPort);
    client.setRequestInterceptor(request -> request.header("X-API-Key", "dev-demo-writer"));
  }

  @Test
  void theGeneratedClientDrivesTheLifecycle() throws Exception {
    LedgerApi ledger = new LedgerApi(client);
    ExportsApi exports = new ExportsApi(client);

    AppendResult appended =
        ledger.appendLedgerEntries(
            new AppendEntriesRequest()
                .entries(
                    List.of(
                        entry("2026-10-01T08:00:00Z", "alice", "user.login"),
                        entry("2026-10-02T09:30:00Z", "bob", "document.delete"),
                        entry("2026-11-01T00:00:00Z", "carol", "role.grant"))));
    assertThat(appended.getAppended()).isEqualTo(3);
    assertThat(appended.getHeadHash()).startsWith("sha256:");

    String key = "client-" + UUID.randomUUID();
    CreateExportRequest october =
        new CreateExportRequest()
            .type(CreateExportRequest.TypeEnum.LEDGER)
            .format(CreateExportRequest.FormatEnum.NDJSON)
            .range(
                new RequestedRange()
                    .from(OffsetDateTime.parse("2026-10-01T00:00:00Z"))
                    .to(OffsetDateTime.parse("2026-11-01T00:00:00Z")))
            .labels(Map.of("ticket", "SEC-42"));
    ExportJob created = exports.createExport(october, key);
    assertThat(created.getStatus()).isEqualTo(ExportJob.StatusEnum.PENDING);
    assertThat(created.getArtifact()).isNull();
    String id = created.getId();

    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> exports.getExport(id).getStatus() == ExportJob.StatusEnum.COMPLETED);
    ExportJob done = exports.getExport(id);
    assertThat(done.getArtifact().getEntryCount()).isEqualTo(2L);
    assertThat(done.getCompletedAt()).isNotNull();
    assertThat(done.getError()).isNull();

    PageExportJob completed =
        exports.listExports(List.of("completed"), null, null, null, 200, null);
    assertThat(completed.getItems()).extracting(ExportJob::getId).contains(id);
    assertThat(completed.getItems())
        .allSatisfy(j -> assertThat(j.getStatus()).isEqualTo(ExportJob.StatusEnum.COMPLETED));
    assertThat(exports.listExports(List.of("failed"), null, null, null, 200, null).getItems())
        .extracting(ExportJob::getId)
        .doesNotContain(id);

    File artifact = exports.downloadArtifact(id, null, null, null);
    byte[] bytes = Files.readAllBytes(artifact.toPath());
    assertThat(Digests.sha256Hex(bytes)).isEqualTo(done.getArtifact().getSha256());
    assertThat(new String(bytes, StandardCharsets.UTF_8).lines())
        .hasSize(2)
        .allSatisfy(line -> assertThat(line).contains("\"hash\":\"sha256:"));

    // a job that does not exist: 404, read as the document's Problem
    ApiException missing =
        catchThrowableOfType(ApiException.class, () -> exports.getExport("exp-demo-nope"));
    assertThat(missing.getCode()).isEqualTo(404);
    Problem notFound = problem(missing);
    assertThat(notFound.getCode()).isEqualTo("not_found");
    assertThat(notFound.getStatus()).isEqualTo(404);
    assertThat(notFound.getType().toString()).isEqualTo("urn:exportjobs:problem:not_found");

    // the same Idempotency-Key with another body: 422, read the same way
    ApiException reused =
        catchThrowableOfType(
            ApiException.class,
            () -> exports.createExport(october.format(CreateExportRequest.FormatEnum.CSV), key));
    assertThat(reused.getCode()).isEqualTo(422);
    Problem problem = problem(reused);
    assertThat(problem.getCode()).isEqualTo("idempotency_key_reused");
    assertThat(problem.getTitle()).isEqualTo("Idempotency-Key reused");
  }

  private static NewLedgerEntry entry(String at, String actor, String action) {
    return new NewLedgerEntry()
        .occurredAt(OffsetDateTime.parse(at))
        .actor(actor)
        .action(action)
        .resource("app/console")
        .outcome(NewLedgerEntry.OutcomeEnum.SUCCESS);
  }

  private static Problem problem(ApiException e) throws Exception {
    assertThat(e.getResponseHeaders().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    return client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
  }
}
