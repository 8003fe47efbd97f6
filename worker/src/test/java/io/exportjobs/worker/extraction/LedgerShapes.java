package io.exportjobs.worker.extraction;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.ChainHead;
import io.exportjobs.pack.ledger.LedgerHasher;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.ledger.RecordedEntry;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entries with every shape the export formats must carry through unchanged: attributes that are
 * empty, nested, large numbers, unicode with astral characters, every JSON escape; actors and
 * resources with CSV separators, quotes, line breaks, control characters and non-ASCII text;
 * timestamps at the ends of the storable range, before 1970, with and without milliseconds; all
 * three outcomes. NUL is left out of plain text fields, which PostgreSQL cannot store.
 */
final class LedgerShapes {

  private LedgerShapes() {}

  static final Instant FROM = Instant.parse("0000-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("9999-12-31T23:59:59.999Z");

  static List<NewLedgerEntry> entries() {
    List<Map<String, Object>> attributes = new ArrayList<>();
    attributes.add(Map.of());
    attributes.add(Map.of("ip", "10.0.0.7"));
    attributes.add(
        Map.of(
            "a", Map.of("b", Map.of("c", List.of(1, 2, map("d", null), List.of()))),
            "empty", Map.of(),
            "list", List.of("x", List.of(List.of("deep")))));
    attributes.add(
        Map.of(
            "name", "Zoë Ångström",
            "cjk", "日本語のテキスト",
            "emoji", "😀🎉👩‍👩‍👧",
            "music", "𝄞 clef",
            "rtl", "שלום עולם",
            "combining", "e\u0301",
            "bom", "\uFEFF"));
    attributes.add(
        Map.of(
            "quote", "say \"hi\"",
            "backslash", "C:\\temp\\x",
            "slash", "a/b</script>",
            "newline", "a\nb",
            "tab", "a\tb",
            "cr", "a\rb",
            "controls", "\u0000\u0001\u0008\u000b\u000c\u001f\u007f",
            "separators", "\u2028\u2029",
            "csv", "a,b\r\n\"c\""));
    attributes.add(
        map(
            "big",
            new BigInteger("123456789012345678901234567890"),
            "max",
            Long.MAX_VALUE,
            "min",
            Long.MIN_VALUE,
            "huge",
            1.7976931348623157e308,
            "tiny",
            5e-324,
            "negZero",
            -0.0,
            "frac",
            0.1,
            "pi",
            new BigDecimal("3.14159265358979323846264338327950288")));
    attributes.add(map("t", true, "f", false, "n", null, "zero", 0, "negative", -42));
    attributes.add(Map.of("blob", "x\"y,".repeat(3_000))); // 15 KiB: larger than small buffers
    attributes.add(Map.of("ключ", "значение", "😀key", List.of("v", Map.of("ä", "ö"))));

    List<String> actors =
        List.of(
            "alice",
            "o'brien, \"ops\"",
            "ünïcödé 😀 𝄞",
            "tab\there",
            "line\nbreak",
            "carriage\rreturn",
            "back\\slash",
            "del\u007f and \u0001\u001f",
            "comma,only",
            "\"quoted\"",
            " spaces ",
            "a".repeat(256));
    List<Instant> times =
        List.of(
            FROM,
            Instant.parse("0001-01-01T00:00:00Z"),
            Instant.parse("1000-02-28T12:00:00.5Z"),
            Instant.parse("1900-03-01T00:00:00Z"),
            Instant.parse("1969-12-31T23:59:59.999Z"),
            Instant.parse("1970-01-01T00:00:00Z"),
            Instant.parse("2000-01-01T00:00:00.001Z"),
            Instant.parse("2024-02-29T23:59:59.120Z"),
            Instant.parse("2026-10-01T08:00:00Z"),
            TO.minusMillis(1));
    List<NewLedgerEntry> entries = new ArrayList<>();
    int n = Math.max(attributes.size(), Math.max(actors.size(), times.size()));
    for (int i = 0; i < n * 3; i++) {
      entries.add(
          new NewLedgerEntry(
              times.get(i % times.size()),
              actors.get(i % actors.size()),
              i % 4 == 0 ? "user.login" : "document.update, \"bulk\"\n#" + i,
              i % 5 == 0 ? "r/" + "é,".repeat(300) : "doc/" + i,
              Outcome.values()[i % 3],
              attributes.get(i % attributes.size())));
    }
    return entries;
  }

  /** The entries as a ledger would record them from genesis, at {@code recordedAt}. */
  static List<RecordedEntry> recorded(List<NewLedgerEntry> entries, Instant recordedAt) {
    List<RecordedEntry> out = new ArrayList<>();
    String prev = ChainHead.GENESIS_HASH;
    long seq = 0;
    for (NewLedgerEntry e : entries) {
      seq++;
      Instant occurredAt = e.occurredAt().truncatedTo(ChronoUnit.MILLIS);
      String hash =
          LedgerHasher.hash(
              prev,
              seq,
              occurredAt,
              recordedAt,
              e.actor(),
              e.action(),
              e.resource(),
              e.outcome(),
              e.attributes());
      out.add(
          new RecordedEntry(
              seq,
              occurredAt,
              recordedAt,
              e.actor(),
              e.action(),
              e.resource(),
              e.outcome(),
              Json.canonicalString(e.attributes()),
              prev,
              hash));
      prev = hash;
    }
    return out;
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
