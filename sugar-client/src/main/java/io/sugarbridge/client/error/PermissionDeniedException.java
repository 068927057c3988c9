package io.sugarbridge.client.error;

/**
 * Sugar answered 403: the user may not do this (module or field access, admin-only operation,
 * license seats). Ask a Sugar administrator for access or use another user.
 */
public class PermissionDeniedException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(SugarError error, String advice) {
    super(error, advice);
  }
}
