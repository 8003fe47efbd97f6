package io.exportjobs.api.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem answer from a servlet filter, where no controller advice applies. */
@Component
public class ProblemWriter {

  private final JsonMapper mapper;

  ProblemWriter(JsonMapper mapper) {
    this.mapper = mapper;
  }

  public void write(HttpServletResponse response, ApiException e) throws IOException {
    response.setStatus(e.status().value());
    e.headers().forEach(response::setHeader);
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    mapper.writeValue(response.getOutputStream(), Problems.asMap(Problems.of(e)));
  }
}
