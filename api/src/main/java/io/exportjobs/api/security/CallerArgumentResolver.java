package io.exportjobs.api.security;

import io.exportjobs.api.problem.ApiException;
import org.springframework.core.MethodParameter;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Lets controllers take the authenticated {@link Caller} as a parameter. */
@Component
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType().equals(Caller.class);
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    Object caller =
        webRequest.getAttribute(
            AuthenticationFilter.CALLER_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (caller == null) {
      throw ApiException.unauthenticated("send an API key in the X-API-Key header");
    }
    return caller;
  }
}
