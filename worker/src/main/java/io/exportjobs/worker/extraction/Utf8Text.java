package io.exportjobs.worker.extraction;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Byte-level formatting for the fast path, into a caller's array, allocation-free. Each method
 * gives exactly the bytes of its counterpart on the JDBC path: Jackson's string escaping (the
 * default {@code JsonGenerator}: {@code "}, {@code \} and control characters, short forms where
 * JSON has them, otherwise {@code \}{@code u00XX} in upper-case hex; a character beyond the BMP as
 * the {@code \}{@code u} escapes of its two UTF-16 surrogates, as Jackson 2 does unless {@code
 * COMBINE_UNICODE_SURROGATES_IN_UTF8} is on; everything else as UTF-8), RFC 4180 fields and {@link
 * Long#toString} ({@link TimestampText} writes timestamps). Each returns the position after what it
 * wrote.
 */
final class Utf8Text {

  /** The most bytes {@link #decimal} writes. */
  static final int DECIMAL_MAX = 20;

  private static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  /** Per ASCII byte: 0 copies it; otherwise the letter after the backslash ({@code u}: hex). */
  private static final byte[] JSON_ESCAPES = new byte[128];

  /** Per byte: whether a JSON string holds it as it is (no escape, not a 4-byte lead). */
  private static final boolean[] PLAIN = new boolean[256];

  static {
    for (int b = 0; b < 256; b++) {
      PLAIN[b] = b >= 0x20 && b != '"' && b != '\\' && (b & 0xF8) != 0xF0;
    }
    for (int c = 0; c < 0x20; c++) {
      JSON_ESCAPES[c] = 'u';
    }
    JSON_ESCAPES['\b'] = 'b';
    JSON_ESCAPES['\t'] = 't';
    JSON_ESCAPES['\n'] = 'n';
    JSON_ESCAPES['\f'] = 'f';
    JSON_ESCAPES['\r'] = 'r';
    JSON_ESCAPES['"'] = '"';
    JSON_ESCAPES['\\'] = '\\';
  }

  private Utf8Text() {}

  /** The most bytes {@link #jsonString} writes for {@code len} bytes of text. */
  static int jsonStringMax(int len) {
    return 6 * len + 2;
  }

  /** {@code src[off, off + len)}, UTF-8, as a quoted JSON string. */
  static int jsonString(byte[] src, int off, int len, byte[] dst, int p) {
    dst[p++] = '"';
    int end = off + len;
    int run = off; // start of the bytes not copied yet
    int i = off;
    while (i < end) {
      if (end - i >= 8 && !jsonSpecial((long) LONG.get(src, i))) {
        i += 8; // eight bytes that a JSON string holds as they are
        continue;
      }
      byte b = src[i];
      if (PLAIN[b & 0xFF]) {
        i++;
        continue;
      }
      System.arraycopy(src, run, dst, p, i - run);
      p += i - run;
      if ((b & 0xF8) == 0xF0 && i + 3 < end) {
        // a character beyond the BMP: Jackson writes its UTF-16 surrogates as two escapes
        int c =
            (b & 0x07) << 18
                | (src[i + 1] & 0x3F) << 12
                | (src[i + 2] & 0x3F) << 6
                | (src[i + 3] & 0x3F);
        p = unicodeEscape(Character.highSurrogate(c), dst, p);
        p = unicodeEscape(Character.lowSurrogate(c), dst, p);
        i += 3;
      } else if (b >= 0 && JSON_ESCAPES[b] != 'u') {
        dst[p++] = '\\';
        dst[p++] = JSON_ESCAPES[b];
      } else if (b >= 0) {
        dst[p++] = '\\';
        dst[p++] = 'u';
        dst[p++] = '0';
        dst[p++] = '0';
        dst[p++] = HEX[b >> 4];
        dst[p++] = HEX[b & 0xF];
      } else {
        dst[p++] = b; // a 4-byte lead byte cut short: not valid UTF-8, copied as it is
      }
      i++;
      run = i;
    }
    System.arraycopy(src, run, dst, p, end - run);
    p += end - run;
    dst[p++] = '"';
    return p;
  }

  /**
   * Whether any of the eight bytes in {@code w} needs more than copying in a JSON string: below
   * 0x20, a quote, a backslash, or the lead byte of a 4-byte character. Exact when false; a rare
   * true for none of them only sends the word through the byte-by-byte path.
   */
  private static boolean jsonSpecial(long w) {
    return ((w - ONES * 0x20) & ~w & HIGH_BITS) != 0
        || hasZeroByte(w ^ (ONES * '"'))
        || hasZeroByte(w ^ (ONES * '\\'))
        || hasZeroByte((w & (ONES * 0xF8)) ^ (ONES * 0xF0));
  }

  private static boolean hasZeroByte(long w) {
    return ((w - ONES) & ~w & HIGH_BITS) != 0;
  }

  private static int unicodeEscape(char c, byte[] dst, int p) {
    dst[p++] = '\\';
    dst[p++] = 'u';
    dst[p++] = HEX[c >> 12 & 0xF];
    dst[p++] = HEX[c >> 8 & 0xF];
    dst[p++] = HEX[c >> 4 & 0xF];
    dst[p++] = HEX[c & 0xF];
    return p;
  }

  /** Whether an RFC 4180 field must be quoted: it holds a comma, a quote, CR or LF. */
  static boolean csvNeedsQuotes(byte[] src, int off, int len) {
    int end = off + len;
    int i = off;
    for (; end - i >= 8; i += 8) {
      long w = (long) LONG.get(src, i);
      if (hasZeroByte(w ^ (ONES * ','))
          || hasZeroByte(w ^ (ONES * '"'))
          || hasZeroByte(w ^ (ONES * '\n'))
          || hasZeroByte(w ^ (ONES * '\r'))) {
        break;
      }
    }
    for (; i < end; i++) {
      byte b = src[i];
      if (b == ',' || b == '"' || b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }

  /** The most bytes {@link #csvField} writes for {@code len} bytes of text. */
  static int csvFieldMax(int len) {
    return 2 * len + 2;
  }

  /** An RFC 4180 field: as it is, or quoted with its quotes doubled. */
  static int csvField(byte[] src, int off, int len, byte[] dst, int p) {
    if (!csvNeedsQuotes(src, off, len)) {
      System.arraycopy(src, off, dst, p, len);
      return p + len;
    }
    dst[p++] = '"';
    for (int i = off, end = off + len; i < end; i++) {
      byte b = src[i];
      dst[p++] = b;
      if (b == '"') {
        dst[p++] = '"';
      }
    }
    dst[p++] = '"';
    return p;
  }

  static int decimal(long value, byte[] dst, int p) {
    if (value < 0) {
      byte[] text = Long.toString(value).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(text, 0, dst, p, text.length);
      return p + text.length;
    }
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    int end = p + digits;
    long v = value;
    for (int i = end - 1; i >= p; i--) {
      dst[i] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
    return end;
  }

  static int digits(byte[] dst, int p, int value, int width) {
    for (int i = p + width - 1; i >= p; i--) {
      dst[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return p + width;
  }
}
