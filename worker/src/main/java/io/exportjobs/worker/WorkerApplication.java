package io.exportjobs.worker;

import io.exportjobs.shared.config.SharedConfiguration;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/** The worker process: hosts ExportWorkflow and its activities on the {@code exports} queue. */
@SpringBootApplication
@Import(SharedConfiguration.class)
public class WorkerApplication {

  public static void main(String[] args) {
    builder().run(args);
  }

  /**
   * The worker reads {@code worker.yaml}, not {@code application.yaml}, so that it can share a
   * classpath with the api (the e2e tests run both in one JVM) without either taking the other's
   * configuration.
   */
  public static SpringApplicationBuilder builder() {
    return new SpringApplicationBuilder(WorkerApplication.class)
        .web(WebApplicationType.NONE)
        // one id per worker process (unless EXPORTJOBS_WORKER_INSTANCE names it): it names the
        // task queue of the activities that must run where the staged file is
        .properties(
            Map.of(
                "spring.config.name",
                "worker",
                "exportjobs.worker.instance",
                UUID.randomUUID().toString().substring(0, 8)));
  }
}
