package io.exportjobs.shared.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/**
 * The optional runtime policy file ({@code exportjobs.policy.file}): YAML or JSON with the shape of
 * {@code exportjobs.policy} ({@code defaults} and {@code tenants.<tenant>}, optionally nested under
 * {@code exportjobs.policy}). It is read again whenever its modification time or size changes, so
 * an operator can tighten or loosen a policy without a restart, in the api and in every worker. A
 * file that does not parse, names an unknown field or value, or holds inconsistent limits is
 * refused with an error in the log, and the last good version stays in force. A missing file adds
 * nothing.
 */
public final class PolicyFile {

  private static final Logger log = LoggerFactory.getLogger(PolicyFile.class);
  private static final String NESTED_PREFIX = "exportjobs.policy";

  private final Path path;
  private Stamp stamp;
  private PolicyProperties lastGood;

  public PolicyFile(Path path) {
    this.path = Objects.requireNonNull(path);
  }

  public Path path() {
    return path;
  }

  /** The policy of the file as last read successfully; empty when there is none. */
  public synchronized Optional<PolicyProperties> current() {
    Stamp now = stampOf(path);
    if (!now.equals(stamp)) {
      stamp = now;
      reload(now);
    }
    return Optional.ofNullable(lastGood);
  }

  private void reload(Stamp now) {
    if (!now.exists()) {
      if (lastGood != null) {
        log.warn("policy file {} is gone; only the configured policy applies now", path);
      }
      lastGood = null;
      return;
    }
    try {
      PolicyProperties read = read(path);
      lastGood = read;
      log.info(
          "policy file {} loaded: defaults {}, tenants {}",
          path,
          read.defaults() == null ? "unchanged" : "set",
          read.tenants().keySet());
    } catch (RuntimeException | IOException e) {
      log.error(
          "policy file {} is not valid and was ignored; the last good policy stays in force: {}",
          path,
          rootMessage(e));
    }
  }

  /** Parses and checks a policy file; throws when it is malformed or inconsistent. */
  public static PolicyProperties read(Path path) throws IOException {
    List<PropertySource<?>> sources =
        new YamlPropertySourceLoader().load("policy-file", new FileSystemResource(path));
    if (sources.size() > 1) {
      throw new IllegalArgumentException("the policy file must hold one YAML document");
    }
    PolicyProperties properties;
    if (sources.isEmpty()) {
      properties = new PolicyProperties(null, null);
    } else {
      PropertySource<?> source = sources.get(0);
      Iterable<ConfigurationPropertySource> adapted = ConfigurationPropertySources.from(source);
      Binder binder = new Binder(adapted);
      boolean nested =
          source instanceof org.springframework.core.env.EnumerablePropertySource<?> e
              && java.util.Arrays.stream(e.getPropertyNames())
                  .anyMatch(n -> n.startsWith(NESTED_PREFIX + "."));
      String prefix = nested ? NESTED_PREFIX : "";
      properties =
          binder
              .bind(
                  prefix,
                  Bindable.of(PolicyProperties.class),
                  new NoUnboundElementsBindHandler(BindHandler.DEFAULT))
              .orElse(new PolicyProperties(null, null));
    }
    check(properties);
    return properties;
  }

  /** Limits that make no sense are refused rather than half applied. */
  static void check(PolicyProperties p) {
    List<String> problems = new ArrayList<>();
    if (p.defaults() != null) {
      checkOne("defaults", p.defaults(), problems);
    }
    for (Map.Entry<String, ExportPolicy> e : p.tenants().entrySet()) {
      if (e.getValue() != null) {
        checkOne("tenants." + e.getKey(), e.getValue(), problems);
      }
    }
    List<String> levels = new ArrayList<>(p.tenants().keySet());
    levels.add(null); // the defaults, as a tenant without an override gets them
    for (String tenant : levels) {
      ExportPolicy effective =
          tenant == null
              ? (p.defaults() == null
                  ? ExportPolicy.builtIn()
                  : p.defaults().over(ExportPolicy.builtIn()))
              : p.effectiveFor(tenant);
      String where = tenant == null ? "defaults" : "tenants." + tenant;
      Duration min = effective.retentionMin();
      if (min.compareTo(effective.retentionMax()) > 0) {
        problems.add(where + ": retention-min is above retention-max");
      } else if (effective.retentionDefault().compareTo(min) < 0
          || effective.retentionDefault().compareTo(effective.retentionMax()) > 0) {
        problems.add(where + ": retention-default is outside min..max");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  private static void checkOne(String where, ExportPolicy p, List<String> problems) {
    positive(where, "max-range-span", p.maxRangeSpan(), problems);
    positive(where, "retention-default", p.retentionDefault(), problems);
    positive(where, "retention-min", p.retentionMin(), problems);
    positive(where, "retention-max", p.retentionMax(), problems);
    if (p.maxEntriesPerExport() != null && p.maxEntriesPerExport() < 1) {
      problems.add(where + ".max-entries-per-export must be at least 1");
    }
    if (p.maxActiveJobs() != null && p.maxActiveJobs() < 1) {
      problems.add(where + ".max-active-jobs must be at least 1");
    }
    if (p.maxJobsPerHour() != null && p.maxJobsPerHour() < 1) {
      problems.add(where + ".max-jobs-per-hour must be at least 1");
    }
    if (p.allowedFormats() != null) {
      p.allowedFormats()
          .forEach(
              (type, formats) -> {
                if (type == null || formats == null) {
                  problems.add(where + ".allowed-formats has an empty entry");
                  return;
                }
                for (var format : formats) {
                  if (!type.supports(format)) {
                    problems.add(
                        where
                            + ".allowed-formats."
                            + type.wire()
                            + ": "
                            + format.wire()
                            + " is not a format of this type");
                  }
                }
              });
    }
  }

  private static void positive(String where, String name, Duration d, List<String> problems) {
    if (d != null && (d.isNegative() || d.isZero())) {
      problems.add(where + "." + name + " must be positive");
    }
  }

  private static String rootMessage(Throwable e) {
    StringBuilder message = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t.getMessage() != null) {
        if (!message.isEmpty()) {
          message.append(": ");
        }
        message.append(t.getMessage());
      }
    }
    return message.toString();
  }

  private record Stamp(boolean exists, long modifiedNanos, long size) {}

  private static Stamp stampOf(Path path) {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      return new Stamp(
          true, a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS), a.size());
    } catch (NoSuchFileException e) {
      return new Stamp(false, 0, 0);
    } catch (IOException e) {
      // unreadable: the read fails and the last good policy stays
      return new Stamp(true, System.nanoTime(), -1);
    }
  }
}
