package io.exportjobs.api.export;

import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.artifact.ArtifactLocation;
import io.exportjobs.shared.artifact.ArtifactStore;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.StoredJob;
import io.exportjobs.shared.ledger.LedgerStore;
import io.exportjobs.shared.ledger.NewLedgerEntry;
import io.exportjobs.shared.ledger.Outcome;
import java.io.IOException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Serves artifact bytes with the headers a careful client checks: the sha256 as ETag and as {@code
 * Repr-Digest} (RFC 9530), a safe file name, and byte ranges: one range is answered 206 with just
 * those bytes read from the store (a ranged GET on S3, not the whole object); several are left to
 * Spring MVC's multipart/byteranges. Each download is recorded in the ledger.
 */
@Component
class ArtifactDownloads {

  private static final Logger log = LoggerFactory.getLogger(ArtifactDownloads.class);

  private final ArtifactStores stores;
  private final LedgerStore ledger;
  private final Clock clock;

  ArtifactDownloads(ArtifactStores stores, LedgerStore ledger, Clock clock) {
    this.stores = stores;
    this.ledger = ledger;
    this.clock = clock;
  }

  ResponseEntity<Resource> download(Caller caller, StoredJob stored, String range) {
    StoredArtifact found = StoredArtifact.of(stored, stores);
    ExportJob job = found.job();
    ArtifactLocation location = found.location();
    ArtifactStore store = found.store();
    long size = found.size();
    Resource resource;
    try {
      resource = store.resource(location.key());
    } catch (IOException e) {
      throw ApiException.unavailable("the artifact store is unavailable");
    }
    List<HttpRange> ranges = satisfiableRanges(range, size);
    ExportArtifact artifact = job.artifact();
    if (range == null || range.startsWith("bytes=0-")) {
      recordDownload(caller, job, range);
    }
    byte[] digest = HexFormat.of().parseHex(artifact.sha256());
    boolean oneRange = ranges.size() == 1;
    ResponseEntity.BodyBuilder response =
        ResponseEntity.status(oneRange ? HttpStatus.PARTIAL_CONTENT : HttpStatus.OK)
            .contentType(MediaType.parseMediaType(artifact.contentType()))
            .eTag("\"" + artifact.sha256() + "\"")
            .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":")
            .header("Accept-Ranges", "bytes")
            .header(
                "Content-Disposition",
                ContentDisposition.attachment().filename(artifact.fileName()).build().toString());
    if (oneRange) {
      // a resumed or partial download: read just those bytes from the store
      long start = ranges.get(0).getRangeStart(size);
      long end = ranges.get(0).getRangeEnd(size);
      return response
          .header("Content-Range", "bytes " + start + "-" + end + "/" + size)
          .contentLength(end - start + 1)
          .body(new ArtifactRangeResource(store, location.key(), start, end - start + 1));
    }
    if (ranges.isEmpty()) {
      return response.contentLength(size).body(resource);
    }
    // several ranges: Spring MVC answers 206 multipart/byteranges, skipping through the resource
    return response.body(resource);
  }

  /** Spring MVC would answer an unsatisfiable range with the whole body; we answer a problem. */
  private static List<HttpRange> satisfiableRanges(String range, long size) {
    if (range == null) {
      return List.of();
    }
    try {
      List<HttpRange> ranges = HttpRange.parseRanges(range);
      for (HttpRange r : ranges) {
        if (r.getRangeStart(size) >= size || r.getRangeEnd(size) < r.getRangeStart(size)) {
          throw new IllegalArgumentException("unsatisfiable range " + r);
        }
      }
      return ranges;
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
          "range_not_satisfiable",
          "Range not satisfiable",
          "the artifact has " + size + " bytes; the Range header asks for none of them",
          null,
          Map.of("Content-Range", "bytes */" + size));
    }
  }

  /** A failed audit write must not fail a download that is otherwise fine; it is logged. */
  private void recordDownload(Caller caller, ExportJob job, String range) {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("jobId", job.id());
    attributes.put("sha256", job.artifact().sha256());
    if (range != null) {
      attributes.put("range", range.length() > 100 ? range.substring(0, 100) : range);
    }
    try {
      ledger.append(
          caller.tenant(),
          List.of(
              new NewLedgerEntry(
                  clock.instant(),
                  caller.principal(),
                  "export.downloaded",
                  "export:" + job.id(),
                  Outcome.SUCCESS,
                  attributes)));
    } catch (RuntimeException e) {
      log.error("could not record the download of {} in the ledger", job.id(), e);
    }
  }
}
