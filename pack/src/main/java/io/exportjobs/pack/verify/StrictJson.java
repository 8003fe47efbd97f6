package io.exportjobs.pack.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.exportjobs.pack.json.Json;
import java.util.Iterator;
import java.util.Set;

/** JSON as the verifier reads it: a key twice is an error, not "the last one wins". */
final class StrictJson {

  static final ObjectMapper MAPPER =
      Json.mapper().copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private StrictJson() {}

  /** The object has exactly these fields, in any order. */
  static boolean fieldsExactly(JsonNode node, String... names) {
    Set<String> expected = Set.of(names);
    int count = 0;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); count++) {
      if (!expected.contains(it.next())) {
        return false;
      }
    }
    return count == names.length;
  }
}
