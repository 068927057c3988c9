package io.sugarbridge.client.error;

/**
 * The session ended and could not be renewed within one retry: the token was refused again right
 * after re-authenticating. Usually an administrator revoked the session or deactivated the user.
 */
public class SessionExpiredException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public SessionExpiredException(SugarError error, String advice) {
    super(error, advice);
  }
}
