package io.sugarbridge.client.http;

import io.sugarbridge.common.error.SugarbridgeException;

/**
 * Sugar's answer to one call was larger than the client reads ({@code sugar.max_response_mb}). The
 * client stops reading at the bound, so a huge or endless answer costs no more memory than that;
 * the call is not retried, since the same request would get the same answer.
 */
public final class ResponseTooLargeException extends SugarbridgeException {
  private static final long serialVersionUID = 1L;

  private final long limitBytes;

  public ResponseTooLargeException(String method, String path, long limitBytes, long declared) {
    super(
        "Sugar's answer to "
            + method
            + " "
            + path
            + " is larger than "
            + describe(limitBytes)
            + (declared > 0 ? " (it announced " + describe(declared) + ")" : "")
            + ", the most the client reads (sugar.max_response_mb): ask for less (fewer records"
            + " per page or batch, a metadata type_filter), or raise max_response_mb in the"
            + " connection file if the instance really sends answers that large");
    this.limitBytes = limitBytes;
  }

  /** The bound that was passed, in bytes. */
  public long limitBytes() {
    return limitBytes;
  }

  private static String describe(long bytes) {
    if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
      return (bytes >> 20) + " MB";
    }
    if (bytes >= 1 << 20) {
      return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (double) (1 << 20));
    }
    return bytes + " bytes";
  }
}
