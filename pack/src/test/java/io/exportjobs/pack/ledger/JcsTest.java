package io.exportjobs.pack.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.exportjobs.pack.json.Json;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fast canonical writer gives the reference implementation's bytes. */
class JcsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"b\":1,\"a\":\"x\",\"hash\":\"h\",\"prevHash\":\"p\"}",
        "{\"z\":{\"y\":[1,2,{\"b\":null,\"a\":true}],\"x\":false},\"\\u00e9\":\"\\u20ac\\ud83d\\ude00\"}",
        "{\"ctl\":\"\\u0001\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\\u007f\\u2028\",\"n\":-9007199254740991}",
        "{\"big\":9007199254740993,\"frac\":1.50,\"exp\":1e21,\"neg\":-0.0}",
        "{\"\\ud83d\\ude00\":1,\"\\ufb33\":2,\"a\":3,\"A\":4,\"\":5}",
        "{\"nested\":[[],{},[[1]],\"\"],\"seq\":42}"
      })
  void matchesTheReferenceImplementation(String json) throws Exception {
    ObjectNode node = (ObjectNode) Json.mapper().readTree(json);
    ObjectNode reduced = node.deepCopy();
    reduced.remove(java.util.List.of("hash", "prevHash"));
    byte[] expected =
        new JsonCanonicalizer(Json.mapper().writeValueAsBytes(reduced)).getEncodedUTF8();

    assertThat(new String(Jcs.canonicalWithout(node, "hash", "prevHash"), StandardCharsets.UTF_8))
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
  }
}
