package io.sugarbridge.client.error;

/**
 * Sugar refused to issue a token: wrong username or password, an inactive user, or an unknown OAuth
 * client id or secret. The user must fix the credentials in the connection file.
 */
public class InvalidCredentialsException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public InvalidCredentialsException(SugarError error, String advice) {
    super(error, advice);
  }

  @Override
  public Category category() {
    return Category.CONFIGURATION;
  }
}
