package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.FILES;
import static io.exportjobs.pack.verify.PackVerifier.STATEMENT;

import com.fasterxml.jackson.databind.JsonNode;
import io.exportjobs.pack.InTotoStatement;
import io.exportjobs.pack.PackFiles;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code statement} check: the statement (as signed, see {@link EnvelopeCheck}) is an in-toto
 * Statement v1 of our predicate type, and its subjects are exactly the pack's files with their
 * actual SHA-256. A file whose digest differs is blamed here first, so that SHA256SUMS, which still
 * lists the old digest, is not.
 */
final class StatementCheck {

  /**
   * @param subjects file name to SHA-256 as the statement lists them; null when unreadable
   * @param predicate what entries.ndjson is checked against; null when unreadable
   */
  record Result(Map<String, String> subjects, StatementPredicate predicate) {}

  private StatementCheck() {}

  static Result check(byte[] statement, PackContents contents, Findings findings) {
    if (statement == null) {
      findings.notChecked(STATEMENT);
      return new Result(null, null);
    }
    String file = PackFiles.STATEMENT;
    JsonNode node;
    try {
      node = StrictJson.MAPPER.readTree(statement);
    } catch (IOException e) {
      findings.problem(STATEMENT, file, "is not valid JSON");
      return new Result(null, null);
    }
    if (node == null
        || !node.isObject()
        || !InTotoStatement.TYPE.equals(node.path("_type").textValue())) {
      findings.problem(
          STATEMENT, file, "is not an in-toto Statement v1 (_type " + InTotoStatement.TYPE + ")");
      return new Result(null, null);
    }
    if (!InTotoStatement.PREDICATE_TYPE.equals(node.path("predicateType").textValue())) {
      findings.problem(STATEMENT, file, "predicateType is not " + InTotoStatement.PREDICATE_TYPE);
      return new Result(null, null);
    }
    Map<String, String> listed = new LinkedHashMap<>();
    for (JsonNode s : node.path("subject")) {
      String name = s.path("name").textValue();
      String sha = s.path("digest").path("sha256").textValue();
      if (name == null || sha == null || listed.put(name, sha) != null) {
        findings.problem(STATEMENT, file, "has a subject without name and sha256, or a name twice");
        return new Result(null, null);
      }
    }
    StatementPredicate predicate = null;
    try {
      predicate = StatementPredicate.of(node.path("predicate"));
    } catch (RuntimeException e) {
      findings.problem(STATEMENT, file, "predicate: " + e.getMessage());
    }
    for (Map.Entry<String, String> s : listed.entrySet()) {
      String name = s.getKey();
      if (!PackFiles.SUBJECTS.contains(name)) {
        findings.problem(STATEMENT, file, "lists " + name + ", which is not a file a pack carries");
      } else if (!contents.actual.containsKey(name)) {
        if (contents.seen.contains(name) || PackFiles.REQUIRED.contains(name)) {
          continue; // already named: missing, or unreadable
        }
        findings.problem(FILES, name, "is missing (the signed statement lists it)");
      } else if (!contents.actual.get(name).equals(s.getValue())) {
        findings.blame(STATEMENT, name, "does not match its SHA-256 in the signed statement");
      }
    }
    for (String name : PackFiles.SUBJECTS) {
      if (contents.actual.containsKey(name) && !listed.containsKey(name)) {
        findings.blame(STATEMENT, name, "is not listed in the signed statement");
      }
    }
    findings.detail(STATEMENT, listed.size() + " subjects match");
    return new Result(listed, predicate);
  }
}
