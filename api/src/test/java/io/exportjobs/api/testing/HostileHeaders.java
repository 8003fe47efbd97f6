package io.exportjobs.api.testing;

import java.util.List;

/**
 * The malformed and unsupported header values of the hostile-input suite: the api's {@code
 * HostileHeadersTest} sends them with Temporal mocked, e2e's {@code HostileHeadersE2ETest} on the
 * real stack. Shipped to e2e in the api's test-jar (this class only).
 */
public final class HostileHeaders {

  public static final List<String> CONTENT_TYPES =
      List.of(
          "multipart/form-data",
          "multipart/form-data; boundary=",
          "multipart/form-data; boundary=x",
          "multipart/mixed",
          "multipart/byteranges",
          "application/json; charset=bogus",
          "application/json; charset=",
          "application/json; charset=\"utf-8",
          "application/json;;;",
          ";;;",
          "application/",
          "/json",
          "*/*",
          "application/*",
          "application/json, text/plain",
          "application/x-www-form-urlencoded",
          "text/plain",
          "application/xml",
          "application/json; q=abc",
          "x".repeat(4000));

  public static final List<String> ACCEPTS =
      List.of(
          ";;",
          "application/json;q=abc",
          "*/*;q=0",
          "text/csv",
          "application/",
          "/",
          "*/json",
          "application/json;q=2",
          "application/problem+json;q=0, application/json;q=0",
          "text/html",
          "image/*",
          "a".repeat(4000));

  public static final List<String> RANGES =
      List.of(
          "bytes=abc",
          "bytes=5-1",
          "items=0-1",
          "bytes=-0",
          "bytes=" + "0-0,".repeat(150) + "0-0",
          "bytes=99999999999999999999-",
          "bytes=--1",
          "bytes=",
          "bytes=0-0,-1",
          "bytes=-999999999",
          "bytes=00-",
          "bytes=1-,0-0",
          "BYTES=0-1",
          "bytes=0-1;x");

  private HostileHeaders() {}
}
