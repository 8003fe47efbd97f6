package io.exportjobs.api.ledger;

import io.exportjobs.api.openapi.ProblemAnswer;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.problem.FieldError;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.Scope;
import io.exportjobs.api.web.Page;
import io.exportjobs.api.web.Paging;
import io.exportjobs.pack.json.Json;
import io.exportjobs.pack.ledger.LedgerEntry;
import io.exportjobs.pack.ledger.Outcome;
import io.exportjobs.shared.db.SqlTime;
import io.exportjobs.shared.export.ExportFilters;
import io.exportjobs.shared.ledger.AppendResult;
import io.exportjobs.shared.ledger.ChainVerification;
import io.exportjobs.shared.ledger.LedgerQuery;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/ledger")
@Tag(name = "ledger", description = "The append-only, hash-chained audit ledger of your tenant")
class LedgerController {

  static final int MAX_BATCH = 10_000;
  static final int MAX_ATTRIBUTES_BYTES = 16 * 1024;
  private static final int MAX_TEXT = 256;
  private static final int MAX_RESOURCE = 1024;

  private final LedgerStore ledger;

  LedgerController(LedgerStore ledger) {
    this.ledger = ledger;
  }

  @PostMapping("/entries")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      operationId = "appendLedgerEntries",
      summary = "Append entries (1..10,000), all or nothing")
  @ProblemAnswer(
      status = 400,
      codes = "validation_failed",
      when = "an entry is missing a field or invalid")
  ResponseEntity<AppendResult> append(Caller caller, @RequestBody AppendEntriesBody body) {
    caller.require(Scope.LEDGER_WRITE);
    List<NewLedgerEntry> entries = validate(body);
    AppendResult result = ledger.append(caller.tenant(), entries);
    return ResponseEntity.status(HttpStatus.CREATED).body(result);
  }

  @GetMapping("/entries")
  @Operation(
      operationId = "listLedgerEntries",
      summary = "Entries whose occurredAt is in [from, to), in seq order")
  @ProblemAnswer(
      status = 400,
      codes = "validation_failed",
      when = "from not before to, a bad outcome or token")
  Page<LedgerEntry> list(
      Caller caller,
      @RequestParam(required = false) Instant from,
      @RequestParam(required = false) Instant to,
      @RequestParam(required = false) List<String> actor,
      @RequestParam(required = false) List<String> action,
      @RequestParam(required = false) List<String> resource,
      @RequestParam(required = false) List<String> outcome,
      @RequestParam(required = false) Integer pageSize,
      @RequestParam(required = false) String pageToken) {
    caller.require(Scope.LEDGER_READ);
    int size = Paging.pageSize(pageSize);
    if (!SqlTime.isStorable(from)) {
      throw ApiException.invalid("from", "must be a time in the years 0000 to 9999");
    }
    if (!SqlTime.isStorable(to)) {
      throw ApiException.invalid("to", "must be a time in the years 0000 to 9999");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw ApiException.invalid("from", "must be before to (the range is [from, to))");
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (String o : outcome == null ? List.<String>of() : outcome) {
      outcomes.add(
          Outcome.parse(o)
              .orElseThrow(
                  () -> ApiException.invalid("outcome", "must be success, failure or denied")));
    }
    ExportFilters filters = new ExportFilters(actor, action, resource, outcomes);
    long after = decodeSeqToken(Paging.pageToken(pageToken));
    List<LedgerEntry> rows =
        ledger.page(new LedgerQuery(caller.tenant(), from, to, filters, after), size + 1);
    if (rows.size() <= size) {
      return new Page<>(rows, null);
    }
    List<LedgerEntry> page = rows.subList(0, size);
    return new Page<>(List.copyOf(page), encodeSeqToken(page.get(size - 1).seq()));
  }

  @GetMapping("/verify")
  @Operation(
      operationId = "verifyLedger",
      summary = "Recompute the hash chain over [fromSeq, toSeq] and name the first break")
  @ProblemAnswer(status = 400, codes = "validation_failed", when = "fromSeq after toSeq")
  ChainVerification verify(
      Caller caller,
      @RequestParam(required = false) Long fromSeq,
      @RequestParam(required = false) Long toSeq) {
    caller.require(Scope.LEDGER_READ);
    if (fromSeq != null && fromSeq < 1) {
      throw ApiException.invalid("fromSeq", "must be at least 1");
    }
    if (toSeq != null && toSeq < 1) {
      throw ApiException.invalid("toSeq", "must be at least 1");
    }
    if (fromSeq != null && toSeq != null && fromSeq > toSeq) {
      throw ApiException.invalid("fromSeq", "must not be after toSeq");
    }
    return ledger.verify(caller.tenant(), fromSeq == null ? 1 : fromSeq, toSeq);
  }

  private static List<NewLedgerEntry> validate(AppendEntriesBody body) {
    if (body == null || body.entries() == null || body.entries().isEmpty()) {
      throw ApiException.invalid("entries", "must hold 1 to " + MAX_BATCH + " entries");
    }
    if (body.entries().size() > MAX_BATCH) {
      throw ApiException.invalid("entries", "must hold at most " + MAX_BATCH + " entries");
    }
    List<FieldError> errors = new ArrayList<>();
    List<NewLedgerEntry> entries = new ArrayList<>(body.entries().size());
    for (int i = 0; i < body.entries().size() && errors.size() < 50; i++) {
      AppendEntriesBody.Entry e = body.entries().get(i);
      String at = "entries[" + i + "]";
      if (e == null) {
        errors.add(new FieldError(at, "must be an object"));
        continue;
      }
      int before = errors.size();
      if (e.occurredAt() == null) {
        errors.add(new FieldError(at + ".occurredAt", "is required (RFC 3339)"));
      } else if (!SqlTime.isStorable(e.occurredAt())) {
        errors.add(new FieldError(at + ".occurredAt", "must be a time in the years 0000 to 9999"));
      }
      text(errors, at + ".actor", e.actor(), MAX_TEXT);
      text(errors, at + ".action", e.action(), MAX_TEXT);
      text(errors, at + ".resource", e.resource(), MAX_RESOURCE);
      Outcome outcome = e.outcome() == null ? null : Outcome.parse(e.outcome()).orElse(null);
      if (outcome == null) {
        errors.add(new FieldError(at + ".outcome", "must be success, failure or denied"));
      }
      Map<String, Object> attributes = e.attributes() == null ? Map.of() : e.attributes();
      if (Json.canonical(attributes).length > MAX_ATTRIBUTES_BYTES) {
        errors.add(new FieldError(at + ".attributes", "must be at most 16 KiB as JSON"));
      }
      if (errors.size() == before) {
        entries.add(
            new NewLedgerEntry(
                e.occurredAt(), e.actor(), e.action(), e.resource(), outcome, attributes));
      }
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(errors);
    }
    return entries;
  }

  private static void text(List<FieldError> errors, String field, String value, int max) {
    if (value == null || value.isBlank()) {
      errors.add(new FieldError(field, "is required"));
    } else if (value.length() > max) {
      errors.add(new FieldError(field, "must be at most " + max + " characters"));
    } else if (value.chars().anyMatch(c -> c < 0x20)) {
      errors.add(new FieldError(field, "must not contain control characters"));
    }
  }

  private static String encodeSeqToken(long seq) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("seq:" + seq).getBytes(StandardCharsets.UTF_8));
  }

  private static long decodeSeqToken(String token) {
    if (token == null) {
      return 0;
    }
    try {
      String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (!raw.startsWith("seq:")) {
        throw new IllegalArgumentException(raw);
      }
      long seq = Long.parseLong(raw.substring(4));
      if (seq < 0) {
        throw new IllegalArgumentException(raw);
      }
      return seq;
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("pageToken", "is not a token this service issued");
    }
  }
}
