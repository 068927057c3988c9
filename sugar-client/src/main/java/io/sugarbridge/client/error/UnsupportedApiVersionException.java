package io.sugarbridge.client.error;

/**
 * The API version in use is outside what the server serves (301 {@code incorrect_version}), or an
 * operation needs a newer version than the server has. The user must change or remove {@code
 * api_version}, or upgrade Sugar.
 */
public class UnsupportedApiVersionException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public UnsupportedApiVersionException(SugarError error, String advice) {
    super(error, advice);
  }

  @Override
  public Category category() {
    return Category.CONFIGURATION;
  }
}
