package io.exportjobs.worker.report;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF records. */
final class Csv {

  private Csv() {}

  static List<List<String>> parse(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"' && field.length() == 0) {
        i++;
        while (true) {
          char q = text.charAt(i);
          if (q == '"') {
            if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
            } else {
              i++;
              break;
            }
          } else {
            field.append(q);
            i++;
          }
        }
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
        i++;
      } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        i += 2;
      } else {
        if (c == '\n' || c == '\r') {
          throw new IllegalArgumentException("bare line break outside quotes at " + i);
        }
        field.append(c);
        i++;
      }
    }
    if (field.length() > 0 || !row.isEmpty()) {
      throw new IllegalArgumentException("last record does not end with CRLF");
    }
    return rows;
  }

  /** The key as recorded, from a key that the CSV guarded against formula execution. */
  static String unneutralised(String key) {
    if (key.length() > 1 && key.charAt(0) == '\'') {
      char second = key.charAt(1);
      if ("=+-@\t\r".indexOf(second) >= 0) {
        return key.substring(1);
      }
    }
    return key;
  }
}
