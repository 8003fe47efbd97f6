package io.exportjobs.shared.export;

import static io.exportjobs.shared.export.ExportFormat.CSV;
import static io.exportjobs.shared.export.ExportFormat.HTML;
import static io.exportjobs.shared.export.ExportFormat.JSON;
import static io.exportjobs.shared.export.ExportFormat.NDJSON;
import static io.exportjobs.shared.export.ExportFormat.TAR_GZ;
import static io.exportjobs.shared.export.ExportFormat.ZIP;
import static org.assertj.core.api.Assertions.assertThat;

import io.exportjobs.shared.policy.ExportPolicy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each type's properties are those of the contract's "Export jobs" table and its rules. */
class ExportTypeTest {

  @Test
  void theTypesAndTheirFormatsAreTheContractsWithTheDefaultFirst() {
    assertThat(Arrays.stream(ExportType.values()).map(ExportType::wire))
        .containsExactly("ledger", "evidence_pack", "audit_report", "snapshot");
    assertThat(ExportType.LEDGER.formats()).containsExactly(NDJSON, CSV, JSON);
    assertThat(ExportType.EVIDENCE_PACK.formats()).containsExactly(TAR_GZ, ZIP);
    assertThat(ExportType.AUDIT_REPORT.formats()).containsExactly(HTML, JSON, CSV);
    assertThat(ExportType.SNAPSHOT.formats()).containsExactly(TAR_GZ);
    assertThat(ExportType.LEDGER.defaultFormat()).isEqualTo(NDJSON);
    assertThat(ExportType.EVIDENCE_PACK.defaultFormat()).isEqualTo(TAR_GZ);
    assertThat(ExportType.AUDIT_REPORT.defaultFormat()).isEqualTo(HTML);
    assertThat(ExportType.AUDIT_REPORT.supports(ZIP)).isFalse();
  }

  @Test
  void onlyTheLedgerExportIsWrittenByTheExtractionWithoutABuildStep() {
    assertThat(ExportType.LEDGER.needsBuildStep()).isFalse();
    assertThat(ExportType.EVIDENCE_PACK.needsBuildStep()).isTrue();
    assertThat(ExportType.AUDIT_REPORT.needsBuildStep()).isTrue();
    assertThat(ExportType.SNAPSHOT.needsBuildStep()).isTrue();
  }

  @Test
  void theEvidencePackAndTheSnapshotAreSignedPacks() {
    assertThat(Arrays.stream(ExportType.values()).filter(ExportType::isPack))
        .containsExactly(ExportType.EVIDENCE_PACK, ExportType.SNAPSHOT);
  }

  @Test
  void eachTypePinsTheLedgerAsTheContractSays() {
    assertThat(ExportType.LEDGER.ledgerPin()).isEqualTo(LedgerPin.NONE);
    assertThat(ExportType.EVIDENCE_PACK.ledgerPin()).isEqualTo(LedgerPin.AT_CREATION);
    assertThat(ExportType.AUDIT_REPORT.ledgerPin()).isEqualTo(LedgerPin.AT_CREATION);
    assertThat(ExportType.SNAPSHOT.ledgerPin()).isEqualTo(LedgerPin.WHOLE_LEDGER_AT_RANGE_END);
    assertThat(Arrays.stream(ExportType.values()).filter(ExportType::wholeLedger))
        .containsExactly(ExportType.SNAPSHOT);
  }

  @Test
  void onlyTheSnapshotIsRestrictedByDefaultAndTheBuiltInPolicySaysSo() {
    assertThat(Arrays.stream(ExportType.values()).filter(ExportType::restrictedByDefault))
        .containsExactly(ExportType.SNAPSHOT);
    ExportPolicy builtIn = ExportPolicy.builtIn();
    assertThat(builtIn.restrictedTypes()).containsExactly(ExportType.SNAPSHOT);
    assertThat(builtIn.allowedTypes()).containsExactlyInAnyOrder(ExportType.values());
    for (ExportType type : ExportType.values()) {
      assertThat(builtIn.formatsFor(type)).containsExactlyInAnyOrderElementsOf(type.formats());
      assertThat(builtIn.defaultFormatFor(type)).isEqualTo(type.defaultFormat());
    }
  }

  @Test
  void aTypeIsParsedFromItsWireNameOnly() {
    for (ExportType type : ExportType.values()) {
      assertThat(ExportType.parse(type.wire())).contains(type);
    }
    assertThat(ExportType.parse("SNAPSHOT")).isEmpty();
    assertThat(List.of("", "pack", "ledger "))
        .allSatisfy(w -> assertThat(ExportType.parse(w)).isEmpty());
  }
}
