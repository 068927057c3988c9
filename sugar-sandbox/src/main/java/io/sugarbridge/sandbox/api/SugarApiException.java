package io.sugarbridge.sandbox.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Sugar API error as the server reports it: an HTTP status and a body {@code {"error": code,
 * "error_message": message}} with optional extra top-level keys (e.g. {@code record} on {@code
 * edit_conflict}). The HTTP layer renders it; application code throws it.
 */
public class SugarApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String error;
  private final transient ObjectNode extra;

  public SugarApiException(int status, String error, String message) {
    this(status, error, message, null);
  }

  public SugarApiException(int status, String error, String message, ObjectNode extra) {
    super(message);
    this.status = status;
    this.error = error;
    this.extra = extra;
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  /** Extra keys merged into the top level of the error body, or {@code null}. */
  public ObjectNode extra() {
    return extra;
  }

  public static SugarApiException notFound(String message) {
    return new SugarApiException(404, "not_found", message);
  }

  public static SugarApiException noMethod(String rawPath) {
    return new SugarApiException(
        404, "no_method", "Could not find any route that accepted a path like: " + rawPath);
  }

  /** 403 {@code not_authorized} with Sugar's default message (sugar-api.md 2.2). */
  public static SugarApiException notAuthorized() {
    return notAuthorized(
        "You are not authorized to perform this action. Contact your administrator if you need"
            + " access.");
  }

  public static SugarApiException notAuthorized(String message) {
    return new SugarApiException(403, "not_authorized", message);
  }

  public static SugarApiException invalidParameter(String message) {
    return new SugarApiException(422, "invalid_parameter", message);
  }

  public static SugarApiException missingParameter(String message) {
    return new SugarApiException(422, "missing_parameter", message);
  }
}
