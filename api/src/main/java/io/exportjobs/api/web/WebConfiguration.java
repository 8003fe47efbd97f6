package io.exportjobs.api.web;

import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

  private final List<HandlerMethodArgumentResolver> resolvers;

  WebConfiguration(List<HandlerMethodArgumentResolver> resolvers) {
    this.resolvers = resolvers;
  }

  /** Times in query parameters are read like times in bodies ({@link Rfc3339}). */
  @Override
  public void addFormatters(FormatterRegistry registry) {
    registry.addConverter(String.class, Instant.class, Rfc3339::parse);
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> argumentResolvers) {
    argumentResolvers.addAll(resolvers);
  }
}
