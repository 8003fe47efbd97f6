package io.exportjobs.worker.extraction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** The extraction settings as configured: a reader that cannot work fails at start, clearly. */
class ExtractionSettingsTest {

  @TempDir Path dataDir;

  @Test
  void anUnknownReaderIsRefusedWithTheValuesThatWork() {
    assertThatThrownBy(() -> new ExtractionSettings("fast", DataSize.ofKilobytes(256), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exportjobs.extraction.reader must be auto, copy or jdbc, not 'fast'");
    assertThat(new ExtractionSettings(" Copy ", DataSize.ofKilobytes(256), false).reader())
        .isEqualTo(ExtractionSettings.Reader.COPY);
  }

  @Test
  void copyOnADatabaseWithoutCopyFailsAtStartInsteadOfAtTheFirstExport() {
    try (LedgerDatabase h2 = LedgerDatabase.h2(Clock.systemUTC())) {
      assertThatThrownBy(
              () ->
                  new ExtractionActivitiesImpl(
                      h2.ledger,
                      h2.jobIndex,
                      h2.jobQueries,
                      new StagingArea(dataDir.toString()),
                      Clock.systemUTC(),
                      ProgressSignals.off(),
                      h2.pool,
                      ExtractionSettings.defaults(ExtractionSettings.Reader.COPY),
                      ""))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("needs PostgreSQL");
    }
  }
}
