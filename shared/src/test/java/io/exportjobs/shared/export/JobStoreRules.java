package io.exportjobs.shared.export;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Only {@link JobStore} writes the job table. SQL lives in strings, so the rule reads each class
 * file's constant pool: every string constant, including what javac folds from {@code "UPDATE " +
 * TABLE} and the recipes of concatenations with variables, is matched against an SQL write of
 * {@code export_jobs}. A class outside the store that holds one breaks the rule. The api and the
 * worker also hold no JDBC of their own (their architecture tests), so they can only go through the
 * store.
 */
public final class JobStoreRules {

  /** INSERT INTO, UPDATE, DELETE FROM, MERGE INTO, TRUNCATE, ALTER or DROP of export_jobs. */
  static final Pattern WRITES_EXPORT_JOBS =
      Pattern.compile(
          "(?is)\\b(insert\\s+into|update|delete\\s+from|merge\\s+into|truncate(\\s+table)?"
              + "|alter\\s+table|drop\\s+table)\\s+\"?export_jobs\\b");

  /** Every class but the job store: no SQL that writes {@code export_jobs}. */
  public static final ArchRule ONLY_THE_JOB_STORE_WRITES_EXPORT_JOBS =
      classes()
          .that()
          .doNotBelongToAnyOf(JobStore.class)
          .should(holdNoSqlThatWritesExportJobs())
          .as("only the job store (JobStore) writes export_jobs");

  private JobStoreRules() {}

  static ArchCondition<JavaClass> holdNoSqlThatWritesExportJobs() {
    return new ArchCondition<>("hold no SQL that writes export_jobs") {
      @Override
      public void check(JavaClass javaClass, ConditionEvents events) {
        for (String sql : writesOfExportJobs(javaClass)) {
          events.add(
              SimpleConditionEvent.violated(
                  javaClass, javaClass.getName() + " writes export_jobs: " + sql));
        }
      }
    };
  }

  /** The string constants of the class that write {@code export_jobs}. */
  public static List<String> writesOfExportJobs(JavaClass javaClass) {
    List<String> writes = new ArrayList<>();
    for (String constant : stringConstants(javaClass)) {
      if (WRITES_EXPORT_JOBS.matcher(constant).find()) {
        writes.add(constant);
      }
    }
    return writes;
  }

  private static List<String> stringConstants(JavaClass javaClass) {
    var source =
        javaClass
            .getSource()
            .orElseThrow(() -> new IllegalStateException("no class file for " + javaClass));
    try (InputStream in = source.getUri().toURL().openStream()) {
      return utf8Constants(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CONSTANT_Utf8 entries of a class file (JVMS 4.4): string literals among them. */
  static List<String> utf8Constants(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor
    in.readUnsignedShort(); // major
    int count = in.readUnsignedShort();
    List<String> constants = new ArrayList<>();
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> constants.add(in.readUTF());
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          i++; // a long or double takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return constants;
  }
}
