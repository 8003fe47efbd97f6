package io.exportjobs.e2e;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads sample values from Prometheus text exposition, as a scraper would. */
final class Prometheus {

  private Prometheus() {}

  /**
   * The sum of every sample of {@code name} whose labels include all of {@code labels} (given as
   * {@code key="value"} strings); 0 when there is none.
   */
  static double value(String exposition, String name, String... labels) {
    double sum = 0;
    Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? ([^ ]+)$");
    for (String l : exposition.split("\n")) {
      Matcher m = line.matcher(l);
      if (!m.matches()) {
        continue;
      }
      String labelText = m.group(1) == null ? "" : m.group(1);
      boolean all = true;
      for (String label : labels) {
        all &= labelText.contains(label);
      }
      if (all) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }
}
