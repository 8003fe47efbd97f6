package io.exportjobs.api.export;

import io.exportjobs.api.problem.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;

/**
 * What a download sends, decided from {@code Range} and {@code If-Range} before any byte is read
 * (and before the download is recorded): the whole artifact (200), one range (206), or several (206
 * {@code multipart/byteranges}). As RFC 9110 allows, a {@code Range} in a unit other than bytes, an
 * {@code If-Range} that does not match, and ranges that together ask for at least the whole
 * artifact are answered with the whole artifact; ranges that begin past its end are left out, and a
 * malformed byte range, or none that can be served, is 416.
 *
 * @param parts the inclusive {@code [start, end]} byte ranges to send, in the order asked for
 * @param whole true for a 200 with the whole artifact
 */
record ByteRanges(List<long[]> parts, boolean whole, long size) {

  static ByteRanges plan(String range, String ifRange, String etag, long size) {
    if (range == null
        || range.isBlank()
        || !range.regionMatches(true, 0, "bytes=", 0, 6)
        || (ifRange != null && !ifRange.trim().equals(etag))) {
      return whole(size);
    }
    List<HttpRange> asked;
    try {
      asked = HttpRange.parseRanges("bytes=" + range.substring(6));
    } catch (IllegalArgumentException e) {
      throw unsatisfiable(size, "the Range header is not a valid byte range set (at most 100)");
    }
    List<long[]> parts = new ArrayList<>();
    long total = 0;
    for (HttpRange r : asked) {
      long start;
      long end;
      try {
        start = r.getRangeStart(size);
        end = r.getRangeEnd(size);
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (start >= size || end < start) {
        continue; // unsatisfiable on its own: the others may still be sent
      }
      parts.add(new long[] {start, end});
      total += end - start + 1;
    }
    if (parts.isEmpty()) {
      throw unsatisfiable(
          size, "the artifact has " + size + " bytes; the Range header asks for none of them");
    }
    if (parts.size() > 1 && total >= size) {
      return whole(size);
    }
    return new ByteRanges(List.copyOf(parts), false, size);
  }

  static ByteRanges whole(long size) {
    return new ByteRanges(
        size == 0 ? List.of() : List.<long[]>of(new long[] {0, size - 1}), true, size);
  }

  boolean multipart() {
    return !whole && parts.size() > 1;
  }

  /** The artifact bytes the answer carries (multipart framing not counted). */
  long bytes() {
    return parts.stream().mapToLong(p -> p[1] - p[0] + 1).sum();
  }

  /** The ranges as {@code start-end}, for the ledger entry. */
  List<String> described() {
    return parts.stream().map(p -> p[0] + "-" + p[1]).toList();
  }

  private static ApiException unsatisfiable(long size, String detail) {
    return new ApiException(
        HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
        "range_not_satisfiable",
        "Range not satisfiable",
        detail,
        null,
        Map.of("Content-Range", "bytes */" + size));
  }
}
