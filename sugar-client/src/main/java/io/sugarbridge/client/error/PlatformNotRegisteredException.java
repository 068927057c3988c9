package io.sugarbridge.client.error;

/**
 * Sugar refuses the configured {@code platform} because it is not registered. An administrator must
 * register it (Admin &gt; Configure API Platforms), or the connection file must name a registered
 * one.
 */
public class PlatformNotRegisteredException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public PlatformNotRegisteredException(SugarError error, String advice) {
    super(error, advice);
  }

  @Override
  public Category category() {
    return Category.CONFIGURATION;
  }
}
