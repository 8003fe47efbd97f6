package io.exportjobs.api.export;

import io.exportjobs.api.audit.AuditEntry;
import io.exportjobs.api.audit.AuditTrail;
import io.exportjobs.api.problem.ApiException;
import io.exportjobs.api.security.Caller;
import io.exportjobs.shared.artifact.ArtifactStore;
import io.exportjobs.shared.artifact.ArtifactStores;
import io.exportjobs.shared.artifact.PresignedUrl;
import io.exportjobs.shared.export.ExportArtifact;
import io.exportjobs.shared.export.ExportJob;
import io.exportjobs.shared.export.StoredJob;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * Serves artifact bytes with the headers a careful client checks: the sha256 as ETag and as {@code
 * Repr-Digest} (RFC 9530), a safe file name, and byte ranges ({@link ByteRanges}), each read from
 * the store alone (a ranged GET on S3, not the whole object). No byte leaves without its ledger
 * entry: {@code export.downloaded}, with the ranges and the byte count the answer carries, is
 * appended before the first byte is written, and if it cannot be, the answer is 503 and nothing is
 * sent. Answers without artifact bytes (HEAD, 304, 416) append nothing.
 */
@org.springframework.stereotype.Component
class ArtifactDownloads {

  private static final Logger log = LoggerFactory.getLogger(ArtifactDownloads.class);

  private final ArtifactStores stores;
  private final AuditTrail audit;

  ArtifactDownloads(ArtifactStores stores, AuditTrail audit) {
    this.stores = stores;
    this.audit = audit;
  }

  void download(
      Caller caller, StoredJob stored, HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    StoredArtifact found = StoredArtifact.of(stored, stores);
    ExportJob job = found.job();
    ExportArtifact artifact = job.artifact();
    String etag = "\"" + artifact.sha256() + "\"";
    if (new ServletWebRequest(request, response).checkNotModified(etag)) {
      return; // If-None-Match names it: 304 Not Modified, no bytes
    }
    boolean head = "HEAD".equals(request.getMethod());
    if (!head && redirected(caller, found, request, response)) {
      return;
    }
    ByteRanges plan =
        ByteRanges.plan(
            request.getHeader("Range"), request.getHeader("If-Range"), etag, found.size());
    InputStream first = head || plan.parts().isEmpty() ? null : open(found, plan.parts().get(0));
    AuditEntry entry = downloaded(job, plan);
    try {
      if (!head) {
        audit.record(caller, entry);
      }
      String boundary = plan.multipart() ? UUID.randomUUID().toString().replace("-", "") : null;
      headers(response, artifact, plan, boundary);
      if (!head) {
        send(found, plan, first, boundary, response.getOutputStream());
      }
    } catch (IOException e) {
      if (response.isCommitted()) {
        // the client went away, or the store failed mid-way: the connection is cut short
        log.info("download of {} cut short: {}", job.id(), e.toString());
        throw e;
      }
      response.reset();
      ApiException unavailable = ApiException.unavailable("the artifact store is unavailable");
      audit.notCarriedOut(caller, entry, unavailable);
      throw unavailable;
    } finally {
      if (first != null) {
        first.close();
      }
    }
  }

  /**
   * For a store that presigns (an S3 target with {@code presign: true}): 302 to a URL of the store
   * that is valid for a few minutes, after {@code export.downloaded} (with the URL's expiry) is on
   * the record; fail closed like every download. The filesystem target streams instead.
   */
  private boolean redirected(
      Caller caller,
      StoredArtifact found,
      HttpServletRequest request,
      HttpServletResponse response) {
    ExportArtifact artifact = found.job().artifact();
    Optional<PresignedUrl> url =
        found.store().presign(found.location().key(), artifact.fileName(), artifact.contentType());
    if (url.isEmpty()) {
      return false;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("sha256", artifact.sha256());
    details.put("status", 302);
    details.put("presigned", true);
    details.put("urlExpiresAt", url.get().expiresAt().toString());
    details.put("size", found.size());
    String range = request.getHeader("Range");
    if (range != null && range.length() <= 200) {
      details.put("range", range);
    }
    audit.record(
        caller,
        AuditEntry.job(found.job(), found.job().attempt(), "export.downloaded", details, false));
    response.setStatus(HttpServletResponse.SC_FOUND);
    response.setHeader("Location", url.get().url().toString());
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("ETag", "\"" + artifact.sha256() + "\"");
    return true;
  }

  private static void send(
      StoredArtifact found, ByteRanges plan, InputStream first, String boundary, OutputStream out)
      throws IOException {
    if (boundary == null) {
      if (first != null) {
        first.transferTo(out);
      }
      return;
    }
    String contentType = found.job().artifact().contentType();
    for (int i = 0; i < plan.parts().size(); i++) {
      long[] part = plan.parts().get(i);
      out.write(partHeader(boundary, contentType, part, plan.size()));
      if (i == 0) {
        first.transferTo(out);
      } else {
        try (InputStream in = open(found, part)) {
          in.transferTo(out);
        }
      }
    }
    out.write(("\r\n--" + boundary + "--").getBytes(StandardCharsets.US_ASCII));
  }

  private static InputStream open(StoredArtifact found, long[] part) {
    ArtifactStore store = found.store();
    try {
      return store.openRange(found.location().key(), part[0], part[1] - part[0] + 1);
    } catch (IOException e) {
      log.warn("could not read artifact of {}: {}", found.job().id(), e.toString());
      throw ApiException.unavailable("the artifact store is unavailable");
    }
  }

  private static AuditEntry downloaded(ExportJob job, ByteRanges plan) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("sha256", job.artifact().sha256());
    details.put("status", plan.whole() ? 200 : 206);
    details.put("ranges", plan.described());
    details.put("bytes", plan.bytes());
    details.put("size", plan.size());
    return AuditEntry.job(job, job.attempt(), "export.downloaded", details, false);
  }

  private static void headers(
      HttpServletResponse response, ExportArtifact artifact, ByteRanges plan, String boundary) {
    response.setStatus(plan.whole() ? 200 : 206);
    byte[] digest = HexFormat.of().parseHex(artifact.sha256());
    response.setHeader("ETag", "\"" + artifact.sha256() + "\"");
    response.setHeader(
        "Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(digest) + ":");
    response.setHeader("Accept-Ranges", "bytes");
    response.setHeader(
        "Content-Disposition",
        ContentDisposition.attachment().filename(artifact.fileName()).build().toString());
    if (boundary == null) {
      response.setContentType(artifact.contentType());
      response.setContentLengthLong(plan.bytes());
      if (!plan.whole()) {
        long[] part = plan.parts().get(0);
        response.setHeader("Content-Range", "bytes " + part[0] + "-" + part[1] + "/" + plan.size());
      }
      return;
    }
    response.setContentType("multipart/byteranges; boundary=" + boundary);
    long length = ("\r\n--" + boundary + "--").length();
    for (long[] part : plan.parts()) {
      length += partHeader(boundary, artifact.contentType(), part, plan.size()).length;
      length += part[1] - part[0] + 1;
    }
    response.setContentLengthLong(length);
  }

  /** The head of one part of multipart/byteranges, laid out as Spring MVC writes it. */
  private static byte[] partHeader(String boundary, String contentType, long[] part, long size) {
    return ("\r\n--"
            + boundary
            + "\r\nContent-Type: "
            + contentType
            + "\r\nContent-Range: bytes "
            + part[0]
            + "-"
            + part[1]
            + "/"
            + size
            + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
