package io.exportjobs.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code temporal} CLI examples of README.md: fenced blocks whose info string is {@code console
 * cli-example}, each a {@code $ temporal …} command line followed by an excerpt of its output. A
 * test runs the commands and checks the excerpts against what they really print, so the README
 * cannot drift from the CLI.
 */
final class ReadmeCliExamples {

  static final String FENCE = "```console cli-example";

  /** One example: the command's arguments (after {@code temporal}) and the excerpt lines. */
  record Example(String commandLine, List<String> args, List<String> excerpt) {

    /** The arguments with {@code $NAME} variables replaced. */
    List<String> args(Map<String, String> variables) {
      List<String> out = new ArrayList<>();
      for (String a : args) {
        String v = a;
        for (var e : variables.entrySet()) {
          v = v.replace("$" + e.getKey(), e.getValue());
        }
        out.add(v);
      }
      return out;
    }
  }

  private ReadmeCliExamples() {}

  static List<Example> parse(Path readme) throws IOException {
    List<Example> examples = new ArrayList<>();
    List<String> lines = Files.readAllLines(readme);
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).trim().equals(FENCE)) {
        continue;
      }
      String command = null;
      List<String> excerpt = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
        String line = lines.get(i);
        if (line.startsWith("$ ")) {
          if (command != null) {
            examples.add(example(command, excerpt));
            excerpt = new ArrayList<>();
          }
          command = line.substring(2).trim();
        } else if (command != null) {
          excerpt.add(line);
        }
      }
      if (command != null) {
        examples.add(example(command, excerpt));
      }
    }
    return examples;
  }

  private static Example example(String command, List<String> excerpt) {
    List<String> words = split(command);
    if (words.isEmpty() || !words.get(0).equals("temporal")) {
      throw new IllegalArgumentException("a CLI example must run `temporal`: " + command);
    }
    return new Example(command, words.subList(1, words.size()), List.copyOf(excerpt));
  }

  /** Shell words: whitespace separates, single and double quotes group (no escapes needed). */
  static List<String> split(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("unbalanced quote in: " + command);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  private static final List<Map.Entry<Pattern, String>> MASKS =
      List.of(
          Map.entry(
              Pattern.compile(
                  "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?(Z|[+-]\\d\\d:\\d\\d)"),
              "<time>"),
          Map.entry(
              Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
              "<uuid>"),
          Map.entry(Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}"), "<ulid>"),
          Map.entry(Pattern.compile("[0-9a-f]{64}"), "<sha256>"),
          Map.entry(
              Pattern.compile(
                  "\\b(\\d+|a|an) (second|minute|hour|day|week|month|year)s? (ago|from now)\\b"),
              "<when>"),
          Map.entry(Pattern.compile("\\b\\d+(\\.\\d+)?(ns|µs|ms|s|m|h)\\b"), "<duration>"));

  /**
   * What varies from run to run (times, ids, digests, durations) replaced by placeholders, and runs
   * of blanks collapsed, so that table columns of another width still match.
   */
  static String mask(String line) {
    String out = line;
    for (var m : MASKS) {
      out = m.getKey().matcher(out).replaceAll(m.getValue());
    }
    return out.trim().replaceAll("\\s+", " ");
  }

  /**
   * The excerpt lines that the output does not show, in order: each excerpt line (masked) must be
   * part of an output line (masked) after the one the previous excerpt line matched. A line {@code
   * …} stands for lines left out; {@code …} within a line for any text.
   */
  static List<String> missing(List<String> excerpt, String output) {
    List<String> out = output.lines().map(ReadmeCliExamples::mask).toList();
    List<String> missing = new ArrayList<>();
    int from = 0;
    for (String line : excerpt) {
      String want = mask(line);
      if (want.isEmpty() || want.equals("…") || want.equals("...")) {
        continue;
      }
      // "…" inside a line stands for any text (a path, a long JSON value)
      Pattern pattern =
          Pattern.compile(
              String.join(
                  ".*", java.util.Arrays.stream(want.split("…", -1)).map(Pattern::quote).toList()));
      int found = -1;
      for (int i = from; i < out.size(); i++) {
        if (pattern.matcher(out.get(i)).find()) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        missing.add(line);
      } else {
        from = found + 1;
      }
    }
    return missing;
  }
}
