package io.exportjobs.api;

import io.exportjobs.shared.config.SharedConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/** The REST API: authenticates, validates, records jobs, starts workflows, serves downloads. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(SharedConfiguration.class)
public class ApiApplication {

  public static void main(String[] args) {
    SpringApplication.run(ApiApplication.class, args);
  }
}
