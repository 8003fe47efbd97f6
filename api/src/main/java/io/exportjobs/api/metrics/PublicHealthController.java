package io.exportjobs.api.metrics;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The health checks on the public port, where load balancers and {@code make run} look for them:
 * {@code /actuator/health} and its {@code liveness} and {@code readiness} probes, 200 {@code
 * {"status":"UP"}} or 503 with the status, and nothing else (no details, no tenant). Everything of
 * the actuator, metrics above all, is on the management port only ({@code management.server.*}).
 */
@RestController
@Hidden
class PublicHealthController {

  private final ObjectProvider<HealthEndpoint> health;

  PublicHealthController(ObjectProvider<HealthEndpoint> health) {
    this.health = health;
  }

  @GetMapping(path = "/actuator/health", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, String>> health() {
    return answer(endpoint -> endpoint.health());
  }

  @GetMapping(path = "/actuator/health/liveness", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, String>> liveness() {
    return answer(endpoint -> endpoint.healthForPath("liveness"));
  }

  @GetMapping(path = "/actuator/health/readiness", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, String>> readiness() {
    return answer(endpoint -> endpoint.healthForPath("readiness"));
  }

  private ResponseEntity<Map<String, String>> answer(
      java.util.function.Function<HealthEndpoint, HealthDescriptor> check) {
    HealthEndpoint endpoint = health.getIfAvailable();
    HealthDescriptor descriptor = endpoint == null ? null : check.apply(endpoint);
    if (descriptor == null) {
      return ResponseEntity.status(503).body(Map.of("status", "UNKNOWN"));
    }
    return ResponseEntity.status(HttpCodeStatusMapper.DEFAULT.getStatusCode(descriptor.getStatus()))
        .body(Map.of("status", descriptor.getStatus().getCode()));
  }
}
