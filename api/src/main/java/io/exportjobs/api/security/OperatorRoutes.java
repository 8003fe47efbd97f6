package io.exportjobs.api.security;

import io.exportjobs.api.problem.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Keeps an operator who acts for another tenant to the routes of {@link OpenToOperators}
 * controllers. Decided on the handler Spring MVC chose, not on the raw path, so no spelling of a
 * URL gets around it; anything that is not such a handler is refused.
 */
@Configuration(proxyBeanMethods = false)
class OperatorRoutes implements HandlerInterceptor, WebMvcConfigurer {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(this).addPathPatterns("/api/**");
  }

  @Override
  public boolean preHandle(
      HttpServletRequest request, HttpServletResponse response, Object handler) {
    if (request.getAttribute(AuthenticationFilter.CALLER_ATTRIBUTE) instanceof Caller caller
        && caller.actsForAnotherTenant()
        && !(handler instanceof HandlerMethod method
            && method.getBeanType().isAnnotationPresent(OpenToOperators.class))) {
      throw ApiException.forbidden(
          "an operator acting for another tenant may read and act on its exports and schedules"
              + " only; its ledger is not open to X-Tenant-Id");
    }
    return true;
  }
}
