package io.sugarbridge.sandbox.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * One call into the Sugar application, after the HTTP layer has resolved the API version, merged
 * the arguments (JSON body, then query string, then path variables, as Sugar does) and
 * authenticated the caller. The same value is built for a top-level HTTP request and for each
 * sub-request of {@code /bulk}.
 *
 * @param method upper-case HTTP method
 * @param version the requested API version as a number, e.g. {@code 10.0}, {@code 11.24}; do not
 *     compare it as a decimal (11.5 is older than 11.24, and 11.10 reads as 11.1): use {@link
 *     #atLeast(String)}
 * @param path the path segments after the version, URL-decoded, e.g. {@code ["Accounts", "abc"]}
 * @param args merged arguments: JSON body, overridden by query-string values, overridden by path
 *     variables
 * @param headers request headers with lower-case names
 * @param caller the authenticated user, or {@code null} on routes that need no login
 * @param versionText the requested API version exactly, as {@code MAJOR.MINOR} or {@code MAJOR},
 *     e.g. {@code "11.10"} or {@code "10"}
 */
public record ApiRequest(
    String method,
    double version,
    List<String> path,
    ObjectNode args,
    Map<String, String> headers,
    Caller caller,
    String versionText) {

  /**
   * Whether the requested version is {@code version} or newer, compared part by part as PHP's
   * {@code version_compare} does: {@code atLeast("11.6")} is true for v11_10 and v11_24.
   */
  public boolean atLeast(String version) {
    return compareVersions(versionText, version) >= 0;
  }

  /**
   * Compares two versions such as {@code "11.6"} and {@code "11.24"} part by part, as {@link
   * ApiVersion} does.
   *
   * @throws IllegalArgumentException when either is not {@code MAJOR} or {@code MAJOR.MINOR}
   */
  public static int compareVersions(String a, String b) {
    return ApiVersion.fromConfig(a).compareTo(ApiVersion.fromConfig(b));
  }

  /** The header value for a lower-case name, or {@code null}. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
