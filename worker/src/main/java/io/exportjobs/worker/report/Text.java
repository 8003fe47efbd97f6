package io.exportjobs.worker.report;

import java.time.Instant;
import java.time.LocalDate;

/** Escaping and number formatting that do not depend on the default locale. */
final class Text {

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private Text() {}

  /**
   * {@code s} as HTML text or a double-quoted attribute value: the five markup characters become
   * entities, and control and bidirectional-override characters become visible {@code \\uXXXX}, so
   * a ledger value can neither break out of its element nor disguise itself on screen.
   */
  static String html(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String replacement =
          switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            default -> isHidden(c) ? visible(c) : null;
          };
      if (replacement != null && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (replacement != null) {
          b.append(replacement);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }

  /**
   * C0 and C1 controls, DEL, the characters that reorder text (Trojan Source) and invisible spaces
   * that make two names look alike. Joiners stay: emoji sequences need them.
   */
  private static boolean isHidden(char c) {
    return c < 0x20
        || (c >= 0x7F && c <= 0x9F)
        || c == 0x061C
        || c == 0x200E
        || c == 0x200F
        || c == 0x200B
        || c == 0x2060
        || c == 0xFEFF
        || (c >= 0x202A && c <= 0x202E)
        || (c >= 0x2066 && c <= 0x2069);
  }

  private static String visible(char c) {
    return new String(
        new char[] {'\\', 'u', HEX[c >> 12 & 15], HEX[c >> 8 & 15], HEX[c >> 4 & 15], HEX[c & 15]});
  }

  /** At most {@code max} code points of {@code s}, with an ellipsis if it was longer. */
  static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
  }

  /** {@code 1234567} → {@code 1,234,567}. */
  static String count(long n) {
    String digits = Long.toString(Math.abs(n));
    StringBuilder b = new StringBuilder(digits.length() + digits.length() / 3 + 1);
    if (n < 0) {
      b.append('-');
    }
    int lead = digits.length() % 3 == 0 ? 3 : digits.length() % 3;
    b.append(digits, 0, lead);
    for (int i = lead; i < digits.length(); i += 3) {
      b.append(',').append(digits, i, i + 3);
    }
    return b.toString();
  }

  /** {@code part} of {@code whole} as a percentage with one decimal, rounded half up. */
  static String percent(long part, long whole) {
    if (whole == 0) {
      return "0%";
    }
    long tenths = (part * 1000 + whole / 2) / whole;
    return tenths / 10 + "." + tenths % 10 + "%";
  }

  /** A coordinate with at most two decimals, always with a dot. */
  static String num(double v) {
    long hundredths = Math.round(v * 100);
    long whole = hundredths / 100;
    long frac = Math.abs(hundredths % 100);
    String sign = hundredths < 0 && whole == 0 ? "-" : "";
    if (frac == 0) {
      return sign + whole;
    }
    return sign + whole + "." + (frac % 10 == 0 ? Long.toString(frac / 10) : twoDigits(frac));
  }

  private static String twoDigits(long v) {
    return v < 10 ? "0" + v : Long.toString(v);
  }

  static String instant(Instant t) {
    return t == null ? "" : io.exportjobs.pack.json.Timestamps.format(t);
  }

  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  static String month(LocalDate d) {
    return MONTHS[d.getMonthValue() - 1];
  }

  /** {@code 1 Oct}. */
  static String dayMonth(LocalDate d) {
    return d.getDayOfMonth() + " " + month(d);
  }
}
