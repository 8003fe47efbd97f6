package io.exportjobs.worker;

import io.exportjobs.shared.config.SharedConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** The worker process: hosts ExportWorkflow and its activities on the {@code exports} queue. */
@SpringBootApplication
@Import(SharedConfiguration.class)
public class WorkerApplication {

  public static void main(String[] args) {
    SpringApplication.run(WorkerApplication.class, args);
  }
}
