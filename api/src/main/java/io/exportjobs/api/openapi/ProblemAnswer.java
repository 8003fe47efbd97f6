package io.exportjobs.api.openapi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A problem answer (RFC 9457, {@code application/problem+json}) that a route can give beside the
 * ones every route can ({@link ApiDocsCustomizer#COMMON}): its status, the {@code code}s it carries
 * at that status, and when. {@link ApiDocsCustomizer} turns these into the OpenAPI document's
 * responses, so the document lists exactly what the code throws.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Repeatable(ProblemAnswer.List.class)
public @interface ProblemAnswer {

  int status();

  String[] codes();

  /** When the route answers so, for the response's description. */
  String when();

  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface List {
    ProblemAnswer[] value();
  }
}
