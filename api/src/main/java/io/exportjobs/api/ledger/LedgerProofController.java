package io.exportjobs.api.ledger;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.api.security.Scope;
import io.exportjobs.shared.ledger.LedgerCheckpoints;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.LedgerTree;
import io.exportjobs.shared.signing.SigningKeys;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The tenant's ledger as an RFC 9162 Merkle tree: signed checkpoints (C2SP), inclusion and
 * consistency proofs. The tree's size is the ledger head's seq; any size up to it can be asked for,
 * so a client proves against the checkpoint it holds.
 */
@RestController
@RequestMapping("/api/v1/ledger")
@Tag(name = "ledger", description = "The append-only, hash-chained audit ledger of your tenant")
class LedgerProofController {

  static final MediaType TEXT_UTF8 =
      new MediaType("text", "plain", java.nio.charset.StandardCharsets.UTF_8);

  record InclusionProof(long leafIndex, long treeSize, List<String> hashes) {}

  record ConsistencyProof(long fromSize, long toSize, List<String> hashes) {}

  private final LedgerStore ledger;
  private final LedgerCheckpoints checkpoints;

  LedgerProofController(LedgerStore ledger, LedgerCheckpoints checkpoints) {
    this.ledger = ledger;
    this.checkpoints = checkpoints;
  }

  @GetMapping("/checkpoint")
  @Operation(
      summary = "The signed checkpoint (C2SP signed note) of the tree: its head, or treeSize")
  @ApiResponse(
      responseCode = "200",
      description = "The signed note: origin, tree size and base64 root, a blank line, signatures",
      content = @Content(mediaType = "text/plain", schema = @Schema(type = "string")))
  ResponseEntity<String> checkpoint(Caller caller, @RequestParam(required = false) Long treeSize) {
    caller.require(Scope.LEDGER_READ);
    long head = head(caller);
    long size = treeSize == null ? head : size("treeSize", treeSize, head);
    String note;
    try {
      note = checkpoints.sign(checkpoints.checkpoint(caller.tenant(), size));
    } catch (IllegalStateException | UncheckedIOException | IllegalArgumentException e) {
      throw ApiException.unavailable("the checkpoint cannot be signed: no usable signing key");
    }
    return ResponseEntity.ok().contentType(TEXT_UTF8).body(note);
  }

  @GetMapping("/proofs/inclusion")
  @Operation(summary = "RFC 9162 inclusion proof of entry seq in the tree of treeSize (the head)")
  InclusionProof inclusion(
      Caller caller,
      @RequestParam(required = false) Long seq,
      @RequestParam(required = false) Long treeSize) {
    caller.require(Scope.LEDGER_READ);
    long head = head(caller);
    long size = treeSize == null ? head : size("treeSize", treeSize, head);
    if (seq == null) {
      throw ApiException.invalid("seq", "is required");
    }
    if (seq < 1 || seq > size) {
      throw ApiException.invalid(
          "seq", "must be from 1 to the tree size (" + size + "): entry seq is leaf seq - 1");
    }
    LedgerTree tree = ledger.tree();
    return new InclusionProof(
        seq - 1, size, base64(tree.inclusionProof(caller.tenant(), seq, size)));
  }

  @GetMapping("/proofs/consistency")
  @Operation(summary = "RFC 9162 consistency proof from the tree of fromSize to toSize (the head)")
  ConsistencyProof consistency(
      Caller caller,
      @RequestParam(required = false) Long fromSize,
      @RequestParam(required = false) Long toSize) {
    caller.require(Scope.LEDGER_READ);
    long head = head(caller);
    long to = toSize == null ? head : size("toSize", toSize, head);
    if (fromSize == null) {
      throw ApiException.invalid("fromSize", "is required");
    }
    if (fromSize < 0 || fromSize > to) {
      throw ApiException.invalid("fromSize", "must be from 0 to toSize (" + to + ")");
    }
    return new ConsistencyProof(
        fromSize, to, base64(ledger.tree().consistencyProof(caller.tenant(), fromSize, to)));
  }

  private long head(Caller caller) {
    return ledger.head(caller.tenant()).seq();
  }

  private static long size(String field, long size, long head) {
    if (size < 0) {
      throw ApiException.invalid(field, "must be at least 0");
    }
    if (size > head) {
      throw ApiException.invalid(
          field, "is beyond the ledger's head: its tree has " + head + " entries");
    }
    return size;
  }

  private static List<String> base64(List<byte[]> hashes) {
    return hashes.stream().map(h -> Base64.getEncoder().encodeToString(h)).toList();
  }

  @Configuration(proxyBeanMethods = false)
  static class CheckpointConfiguration {

    /** Checkpoints are signed by the api, with the keyring that signs packs (see SigningKeys). */
    @Bean
    LedgerCheckpoints ledgerCheckpoints(
        LedgerStore ledger,
        SigningKeys keys,
        @Value("${exportjobs.ledger.origin-prefix:" + LedgerCheckpoints.DEFAULT_ORIGIN_PREFIX + "}")
            String originPrefix) {
      return new LedgerCheckpoints(ledger.tree(), keys, originPrefix);
    }
  }
}
