package io.sugarbridge.client.error;

/**
 * Sugar answered 422 (or 400): the data or parameters sent were refused, e.g. a missing required
 * field or an invalid value. The user must fix the data; retrying as-is fails again.
 */
public class ValidationException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public ValidationException(SugarError error, String advice) {
    super(error, advice);
  }
}
