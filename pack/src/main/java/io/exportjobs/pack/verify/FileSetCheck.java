package io.exportjobs.pack.verify;

import static io.exportjobs.pack.verify.PackVerifier.FILES;

import io.exportjobs.pack.PackFiles;

/**
 * The {@code files} check: every required file is there (unknown and repeated files were named
 * while the archive was read).
 */
final class FileSetCheck {

  private FileSetCheck() {}

  static void check(PackContents contents, Findings findings) {
    for (String name : PackFiles.ORDER) {
      if (PackFiles.REQUIRED.contains(name) && !contents.seen.contains(name)) {
        findings.problem(FILES, name, "is missing");
      }
    }
    findings.detail(
        FILES,
        String.join(", ", PackFiles.ORDER.stream().filter(contents.seen::contains).toList()));
  }
}
