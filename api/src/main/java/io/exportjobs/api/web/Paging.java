package io.exportjobs.api.web;

import io.exportjobs.api.problem.ApiException;

/** {@code pageSize} of the contract: 1..200, default 50. */
public final class Paging {

  public static final int DEFAULT_PAGE_SIZE = 50;
  public static final int MAX_PAGE_SIZE = 200;

  private Paging() {}

  public static int pageSize(Integer requested) {
    if (requested == null) {
      return DEFAULT_PAGE_SIZE;
    }
    if (requested < 1 || requested > MAX_PAGE_SIZE) {
      throw ApiException.invalid("pageSize", "must be between 1 and " + MAX_PAGE_SIZE);
    }
    return requested;
  }

  public static String pageToken(String token) {
    if (token != null && (token.isEmpty() || token.length() > 512)) {
      throw ApiException.invalid("pageToken", "is not a token this service issued");
    }
    return token;
  }
}
