package io.sugarbridge.client.error;

import com.fasterxml.jackson.databind.JsonNode;
import io.sugarbridge.common.error.SugarbridgeException;

/**
 * Sugar answered a call with an error. Carries the HTTP status, Sugar's {@code error} code and
 * message, and the call's method and path; the exception's own message says what to do. Which
 * subclass a failure becomes is decided in one place, {@link SugarErrorMapper}.
 */
public class SugarApiException extends SugarbridgeException {
  private static final long serialVersionUID = 1L;

  private final transient SugarError error;

  public SugarApiException(SugarError error, String advice) {
    super(describe(error, advice));
    this.error = error;
  }

  /** HTTP status of the answer, e.g. 404. */
  public int httpStatus() {
    return error.status();
  }

  /** Sugar's {@code error} code, e.g. {@code not_found}; null when the body was not Sugar JSON. */
  public String errorCode() {
    return error.code();
  }

  /** Sugar's {@code error_message}, or null. */
  public String serverMessage() {
    return error.serverMessage();
  }

  /** The HTTP method of the failed call. */
  public String method() {
    return error.method();
  }

  /** The path of the failed call, without query string. */
  public String path() {
    return error.path();
  }

  /** The parsed error body, or null when it was not JSON. */
  public JsonNode body() {
    return error.body();
  }

  /** Everything known about the failed answer. */
  public SugarError error() {
    return error;
  }

  private static String describe(SugarError e, String advice) {
    StringBuilder b = new StringBuilder();
    b.append(advice);
    b.append(" (").append(e.method()).append(' ').append(e.path()).append(" -> HTTP ");
    b.append(e.status());
    if (e.code() != null) {
      b.append(' ').append(e.code());
    }
    if (e.serverMessage() != null && !e.serverMessage().isEmpty()) {
      b.append(": ").append(e.serverMessage());
    } else if (e.bodyExcerpt() != null && !e.bodyExcerpt().isEmpty()) {
      b.append(", body: ").append(e.bodyExcerpt());
    }
    b.append(')');
    return b.toString();
  }
}
