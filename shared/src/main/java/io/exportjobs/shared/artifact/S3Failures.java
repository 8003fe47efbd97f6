package io.exportjobs.shared.artifact;

import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** How an S3 artifact store names an object and explains what its store answered. */
final class S3Failures {

  private final String target;
  private final String bucket;
  private final String endpoint;

  S3Failures(String target, String bucket, String endpoint) {
    this.target = target;
    this.bucket = bucket;
    this.endpoint = endpoint;
  }

  String describe(String objectKey) {
    return "s3://"
        + bucket
        + "/"
        + (objectKey == null ? "" : objectKey)
        + " (artifact target '"
        + target
        + "'"
        + (endpoint == null ? "" : " at " + endpoint)
        + ")";
  }

  /** An IOException that says what failed, where, and what the store answered. */
  IOException failure(String what, String objectKey, SdkException e) {
    StringBuilder message =
        new StringBuilder(what).append(' ').append(describe(objectKey)).append(": ");
    if (e instanceof AwsServiceException service) {
      int status = service.statusCode();
      String code =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorCode();
      String detail =
          service.awsErrorDetails() == null ? null : service.awsErrorDetails().errorMessage();
      message.append("the store answered HTTP ").append(status);
      if (code != null && !code.isBlank()) {
        message.append(' ').append(code);
      }
      if (detail != null && !detail.isBlank()) {
        message.append(" (").append(detail).append(')');
      }
      if (status == 401 || status == 403) {
        message.append(
            "; access denied: check the target's access-key and secret-key (or the default"
                + " credential chain) and the bucket's permissions");
      } else if ("NoSuchBucket".equals(code)) {
        message.append("; the bucket does not exist (create it, or set create-bucket: true)");
      }
    } else {
      message.append("the store could not be reached or did not answer: ").append(e.getMessage());
    }
    return new IOException(message.toString(), e);
  }
}
