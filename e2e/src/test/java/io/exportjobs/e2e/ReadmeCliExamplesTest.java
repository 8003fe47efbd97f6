package io.exportjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README example parser and the excerpt check, without a server. */
class ReadmeCliExamplesTest {

  @Test
  void readmeHasTheOperatorExamplesAsCommandsWithExcerpts() throws Exception {
    List<ReadmeCliExamples.Example> examples = ReadmeCliExamples.parse(Path.of("..", "README.md"));
    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    ReadmeCliExamples.Example list = examples.get(0);
    assertThat(list.args())
        .containsExactly(
            "workflow", "list", "--query", "ExportTenant='demo' AND ExportStatus='failed'");
    assertThat(examples).allSatisfy(e -> assertThat(e.excerpt()).isNotEmpty());
  }

  @Test
  void quotesGroupWordsAndVariablesAreReplaced() {
    assertThat(ReadmeCliExamples.split("temporal a --q \"x='1' AND y='2'\" 'b c'"))
        .containsExactly("temporal", "a", "--q", "x='1' AND y='2'", "b c");
    ReadmeCliExamples.Example e =
        new ReadmeCliExamples.Example(
            "temporal workflow describe -w $ID",
            List.of("workflow", "describe", "-w", "$ID"),
            List.of());
    assertThat(e.args(java.util.Map.of("ID", "exp-demo-1")))
        .containsExactly("workflow", "describe", "-w", "exp-demo-1");
  }

  @Test
  void excerptMatchesInOrderWithTimesIdsAndWidthsAside() {
    String output =
        """
          Status              WorkflowId                    Type         StartTime
          Failed  exp-demo-01M8MWAX5VVAGQEADZD0728K9N  ExportWorkflow  12 seconds ago
          Failed  exp-demo-01M8MVQVZNDAXQ8KPSFM34SKS4  ExportWorkflow  5 minutes ago
        Results:
          RunTime  8.87s
          Message: /tmp/x-1/archive/demo/exp-demo-01M8MWAX5VVAGQEADZD0728K9N: Not a directory
        """;
    assertThat(
            ReadmeCliExamples.missing(
                List.of(
                    "  Status WorkflowId Type StartTime",
                    "  Failed  exp-demo-01M8MTP7NSNZZJ8V387GSXMFAK  ExportWorkflow  1 minute ago",
                    "…",
                    "  RunTime  1.2s",
                    "  Message: …/archive/demo/exp-demo-01M8MTP7NSNZZJ8V387GSXMFAK: Not a directory"),
                output))
        .isEmpty();
    // a changed value, or lines out of order, are reported
    assertThat(ReadmeCliExamples.missing(List.of("  Paused true"), "  Paused false\n"))
        .containsExactly("  Paused true");
    assertThat(ReadmeCliExamples.missing(List.of("Results:", "Status WorkflowId"), output))
        .containsExactly("Status WorkflowId");
  }
}
