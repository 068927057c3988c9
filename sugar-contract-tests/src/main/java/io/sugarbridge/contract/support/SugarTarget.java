package io.sugarbridge.contract.support;

import io.sugarbridge.sandbox.SugarSandbox;
import java.net.URI;

/**
 * The server under test, resolved and reachable: its instance URL, the credentials the suite logs
 * in with, the API version it uses by default, and, when the suite started it, the in-process
 * sandbox (whose extra powers sandbox-only tests use).
 *
 * @param baseUrl instance URL without path, e.g. {@code https://acme.sugarcrm.com}
 * @param version default API version in URL form, e.g. {@code 11_24}
 * @param sandbox the in-process sandbox, or {@code null} for a real instance
 * @param runPrefix unique prefix for every record name this run creates, so it can find and remove
 *     exactly its own data
 */
public record SugarTarget(
    URI baseUrl,
    String username,
    Secret password,
    String clientId,
    Secret clientSecret,
    String platform,
    String version,
    boolean allowUserWrites,
    SugarSandbox sandbox,
    String runPrefix) {

  public boolean isSandbox() {
    return sandbox != null;
  }

  /** The default version as Sugar prints it in messages: {@code 11.24}, {@code 10}. */
  public String versionDotted() {
    return version.replace('_', '.');
  }

  /**
   * Whether the default version is at least {@code major.minor}; minors compare as numbers, so
   * 11_10 is newer than 11_9.
   */
  public boolean atLeast(int major, int minor) {
    int cut = version.indexOf('_');
    int ma = Integer.parseInt(cut < 0 ? version : version.substring(0, cut));
    int mi = cut < 0 ? 0 : Integer.parseInt(version.substring(cut + 1));
    return ma != major ? ma > major : mi >= minor;
  }

  /** The same target used with another default API version, e.g. {@code 11_1}. */
  public SugarTarget withVersion(String v) {
    return new SugarTarget(
        baseUrl,
        username,
        password,
        clientId,
        clientSecret,
        platform,
        v,
        allowUserWrites,
        sandbox,
        runPrefix);
  }
}
