package io.exportjobs.api.problem;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the problem documents of the contract: type, title, status, detail, code, errors. */
public final class Problems {

  private static final String TYPE_PREFIX = "urn:exportjobs:problem:";

  private Problems() {}

  public static ProblemDetail of(
      HttpStatusCode status, String code, String title, String detail, List<FieldError> errors) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(URI.create(TYPE_PREFIX + code));
    problem.setTitle(title);
    problem.setProperty("code", code);
    if (errors != null && !errors.isEmpty()) {
      problem.setProperty("errors", errors);
    }
    return problem;
  }

  /** The problem as a plain map, for writers that do not know Spring's ProblemDetail mix-in. */
  public static java.util.Map<String, Object> asMap(ProblemDetail problem) {
    java.util.Map<String, Object> map = new java.util.LinkedHashMap<>();
    map.put("type", String.valueOf(problem.getType()));
    map.put("title", problem.getTitle());
    map.put("status", problem.getStatus());
    map.put("detail", problem.getDetail());
    if (problem.getProperties() != null) {
      map.putAll(problem.getProperties());
    }
    return map;
  }

  public static ProblemDetail of(ApiException e) {
    return of(e.status(), e.code(), e.title(), e.getMessage(), e.errors());
  }
}
