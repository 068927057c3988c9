package io.sugarbridge.client.error;

/**
 * The session keeps being ended early because another program logs in as the same user on the same
 * platform (Sugar keeps one session per user and platform). Give each integration its own platform
 * or its own user.
 */
public class SessionConflictException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public SessionConflictException(SugarError error, String advice) {
    super(error, advice);
  }
}
