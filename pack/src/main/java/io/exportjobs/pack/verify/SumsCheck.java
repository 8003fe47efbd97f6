package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.FILES;
import static io.exportjobs.pack.verify.PackVerifier.SUMS;

import io.exportjobs.pack.PackFiles;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code SHA256SUMS} check: the file is what {@code sha256sum -c} reads, lists each content
 * file once with its actual SHA-256, and nothing else. When a content file differs from its line,
 * the signed statement decides which of the two was changed.
 */
final class SumsCheck {

  private static final Pattern SUM_LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");

  private SumsCheck() {}

  /**
   * @param subjects the digests the signed statement lists, null when it could not be read
   */
  static void check(PackContents contents, Map<String, String> subjects, Findings findings) {
    byte[] bytes = contents.small.get(PackFiles.SHA256SUMS);
    if (bytes == null) {
      findings.notChecked(SUMS);
      return;
    }
    String file = PackFiles.SHA256SUMS;
    String text = new String(bytes, StandardCharsets.UTF_8);
    Map<String, String> listed = new LinkedHashMap<>();
    String[] lines = text.split("\n", -1);
    if (!text.endsWith("\n")) {
      findings.problem(SUMS, file, "does not end with a newline");
    }
    for (int i = 0; i < lines.length - 1; i++) {
      Matcher m = SUM_LINE.matcher(lines[i]);
      if (!m.matches()) {
        findings.problem(SUMS, file, "line " + (i + 1) + " is not '<sha256>  <file>'");
      } else if (listed.put(m.group(2), m.group(1)) != null) {
        findings.problem(SUMS, file, "lists " + m.group(2) + " twice");
      }
    }
    Map<String, String> actual = contents.actual;
    for (Map.Entry<String, String> l : listed.entrySet()) {
      String name = l.getKey();
      if (!PackFiles.SUMMED.contains(name)) {
        findings.problem(SUMS, file, "lists " + name + ", which is not a content file of a pack");
      } else if (!actual.containsKey(name)) {
        if (!contents.seen.contains(name) && !PackFiles.REQUIRED.contains(name)) {
          findings.problem(FILES, name, "is missing (SHA256SUMS lists it)");
        }
      } else if (!actual.get(name).equals(l.getValue())) {
        String signedDigest = subjects == null ? null : subjects.get(name);
        if (actual.get(name).equals(signedDigest)) {
          findings.problem(SUMS, file, "has a wrong SHA-256 for " + name);
        } else {
          findings.problem(SUMS, name, "does not match its SHA-256 in SHA256SUMS");
        }
      }
    }
    for (String name : PackFiles.SUMMED) {
      if (actual.containsKey(name) && !listed.containsKey(name)) {
        findings.problem(SUMS, file, "does not list " + name);
      }
    }
    findings.detail(SUMS, listed.size() + " digests match (sha256sum -c SHA256SUMS)");
  }
}
