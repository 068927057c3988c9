package io.sugarbridge.client.error;

/**
 * Sugar answered 404 {@code not_found}: the record (or relationship) does not exist or was deleted,
 * or the user may not see it.
 */
public class NotFoundException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(SugarError error, String advice) {
    super(error, advice);
  }
}
