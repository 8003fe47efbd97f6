package io.exportjobs.pack.verify;

import io.exportjobs.pack.verify.PackVerification.Check;
import io.exportjobs.pack.verify.PackVerification.Problem;
import io.exportjobs.pack.verify.PackVerification.ProofSummary;
import io.exportjobs.pack.verify.PackVerification.SignatureCheck;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the checks of one verification found: the problems in the order they were found, a line of
 * detail per check that passed, and the checks that could not run. Turned into the {@link
 * PackVerification} at the end.
 */
final class Findings {

  private final List<Problem> problems = new ArrayList<>();
  private final Map<String, String> details = new LinkedHashMap<>();
  private final Set<String> notChecked = new HashSet<>();
  private final Set<String> blamed = new HashSet<>();

  void problem(String check, String file, String message) {
    problems.add(new Problem(check, file, message));
  }

  /** A problem with a file's contents; each file is blamed once. */
  void blame(String check, String file, String message) {
    if (blamed.add(file)) {
      problem(check, file, message);
    }
  }

  /** What a check covered, shown when it passes. */
  void detail(String check, String detail) {
    details.put(check, detail);
  }

  /** Whether a check found no problem so far. */
  boolean passed(String check) {
    return problems.stream().noneMatch(p -> p.check().equals(check)) && !notChecked.contains(check);
  }

  void notChecked(String... checks) {
    notChecked.addAll(List.of(checks));
  }

  /** One line per check in {@link PackVerifier#CHECKS} order; valid when all pass and signed. */
  PackVerification result(
      String sha256, Long entryCount, SignatureCheck signature, ProofSummary proof) {
    List<Check> checks = new ArrayList<>();
    for (String name : PackVerifier.CHECKS) {
      long count = problems.stream().filter(p -> p.check().equals(name)).count();
      if (count > 0) {
        checks.add(new Check(name, false, count + (count == 1 ? " problem" : " problems")));
      } else if (notChecked.contains(name)) {
        checks.add(new Check(name, false, "not checked"));
      } else {
        checks.add(new Check(name, true, details.getOrDefault(name, "ok")));
      }
    }
    boolean valid =
        problems.isEmpty()
            && signature != null
            && signature.valid()
            && checks.stream().allMatch(Check::ok);
    return new PackVerification(
        valid, sha256, entryCount, signature, proof, List.copyOf(checks), List.copyOf(problems));
  }
}
