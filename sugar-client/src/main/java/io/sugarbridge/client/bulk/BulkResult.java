package io.sugarbridge.client.bulk;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.client.error.ErrorContext;
import io.sugarbridge.client.error.SugarApiException;
import io.sugarbridge.client.error.SugarError;
import io.sugarbridge.client.error.SugarErrorMapper;
import java.util.Map;

/**
 * The outcome of one bulk sub-request, in the order sent: its own status, body ({@code contents})
 * and headers. A failed item does not fail the call; {@link #toException()} explains it the same
 * way a direct call's failure would be explained.
 */
public record BulkResult(
    int status,
    JsonNode contents,
    Map<String, String> headers,
    BulkRequest request,
    ErrorContext context) {
  public BulkResult {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A result without the calling client's context (its errors name no instance or user). */
  public BulkResult(
      int status, JsonNode contents, Map<String, String> headers, BulkRequest request) {
    this(status, contents, headers, request, null);
  }

  public boolean isSuccess() {
    return status >= 200 && status < 300;
  }

  /** Sugar's {@code error} code of a failed item, or null. */
  public String errorCode() {
    // Text from the server: an echoing server or proxy may put a secret even into the code.
    return isSuccess() || contents == null
        ? null
        : io.sugarbridge.common.config.KnownSecrets.scrub(contents.path("error").asText(null));
  }

  /**
   * The exception a direct call would have raised for this failed item, or null on success; its
   * message names the sub-request and says what to do.
   */
  public SugarApiException toException() {
    return toException(
        context != null
            ? context
            : new ErrorContext("(unknown instance)", null, null, null, "?", false, 1));
  }

  /** Like {@link #toException()} with the given caller context. */
  public SugarApiException toException(ErrorContext context) {
    if (isSuccess()) {
      return null;
    }
    SugarError e =
        new SugarError(
            status,
            errorCode(),
            contents == null ? null : contents.path("error_message").asText(null),
            request.method(),
            request.path(),
            contents,
            null);
    return SugarErrorMapper.toException(e, context);
  }
}
