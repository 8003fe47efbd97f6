package io.exportjobs.pack;

import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.json.Timestamps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The in-toto Statement v1 of a pack, serialised as RFC 8785 canonical JSON. */
public final class InTotoStatement {

  public static final String TYPE = "https://in-toto.io/Statement/v1";
  public static final String PREDICATE_TYPE = "https://exportjobs.io/evidence-pack/v1";

  private InTotoStatement() {}

  /**
   * @param subjects file name to lower-case hex SHA-256, in archive order
   */
  public static byte[] canonicalBytes(Map<String, String> subjects, PackManifest manifest) {
    List<Object> subject = new ArrayList<>();
    subjects.forEach(
        (name, sha256) -> subject.add(Map.of("name", name, "digest", Map.of("sha256", sha256))));
    Map<String, Object> statement = new LinkedHashMap<>();
    statement.put("_type", TYPE);
    statement.put("subject", subject);
    statement.put("predicateType", PREDICATE_TYPE);
    statement.put("predicate", predicate(manifest));
    return Json.canonical(statement);
  }

  static Map<String, Object> predicate(PackManifest m) {
    Map<String, Object> range = new LinkedHashMap<>();
    if (m.range().from() != null) {
      range.put("from", Timestamps.format(m.range().from()));
    }
    if (m.range().to() != null) {
      range.put("to", Timestamps.format(m.range().to()));
    }
    if (m.range().basis() != null) {
      range.put("basis", m.range().basis());
    }
    if (m.range().isSeq()) {
      range.put("fromSeq", m.range().fromSeq());
      range.put("toSeq", m.range().toSeq());
    }
    Map<String, Object> filters = new LinkedHashMap<>();
    filters.put("actors", m.filters().actors());
    filters.put("actions", m.filters().actions());
    filters.put("resources", m.filters().resources());
    filters.put("outcomes", m.filters().outcomes().stream().map(o -> o.wire()).toList());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tenant", m.tenant());
    p.put("jobId", m.jobId());
    p.put("type", m.type().wire());
    p.put("range", range);
    p.put("filters", filters);
    p.put("entryCount", m.entryCount());
    p.put("firstSeq", m.firstSeq());
    p.put("lastSeq", m.lastSeq());
    p.put("ledgerHead", Map.of("seq", m.ledgerHead().seq(), "hash", m.ledgerHead().hash()));
    p.put("generator", Map.of("name", m.generator().name(), "version", m.generator().version()));
    return p;
  }
}
