package io.sugarbridge.sandbox.http;

import io.sugarbridge.sandbox.api.ApiVersion;
import io.sugarbridge.sandbox.api.SugarApiException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the API version of a request, in the URL ({@code /rest/v11_5/...}) or in the Accept header
 * ({@code application/vnd.sugarcrm.core+json; version=11.3}), and refuses it with Sugar's 301
 * {@code incorrect_version} errors when it is missing, doubled, malformed or outside the served
 * range.
 */
public final class VersionPolicy {
  private static final Pattern LOOKS_LIKE_VERSION = Pattern.compile("v\\d.*");
  private static final Pattern ACCEPT_VERSION =
      Pattern.compile(
          "application/vnd\\.sugarcrm\\.core\\+json\\s*;\\s*version\\s*=\\s*([^;,\\s]*)",
          Pattern.CASE_INSENSITIVE);

  private final ApiVersion min;
  private final ApiVersion max;
  private final String minText;
  private final String maxText;

  public VersionPolicy(String min, String max) {
    this.min = ApiVersion.fromConfig(min);
    this.max = ApiVersion.fromConfig(max);
    if (this.min.compareTo(this.max) > 0) {
      throw new IllegalArgumentException(
          "API version range "
              + min
              + ".."
              + max
              + " is empty; the minimum must not exceed the max");
    }
    this.minText = min.trim();
    this.maxText = max.trim();
  }

  /** The version found and whether it came from the first path segment (which is then dropped). */
  public record Resolved(ApiVersion version, boolean fromUrl) {}

  /**
   * Resolves the version of one request.
   *
   * @param firstSegment the first path segment after {@code /rest/}, or null
   * @param accept the Accept header, or null
   */
  public Resolved resolve(String firstSegment, String accept) {
    ApiVersion fromUrl = null;
    boolean urlTried = firstSegment != null && LOOKS_LIKE_VERSION.matcher(firstSegment).matches();
    if (urlTried) {
      fromUrl = ApiVersion.fromUrlSegment(firstSegment);
      if (fromUrl == null) {
        throw incorrect("Invalid url version format: " + firstSegment);
      }
    }
    ApiVersion fromHeader = null;
    if (accept != null) {
      Matcher m = ACCEPT_VERSION.matcher(accept);
      if (m.find()) {
        fromHeader = ApiVersion.fromHeaderValue(m.group(1));
        if (fromHeader == null) {
          throw incorrect("Invalid header version format: " + m.group(1));
        }
      }
    }
    if (fromUrl != null && fromHeader != null) {
      throw incorrect("Version must be specified in either Accept Header or URL, not both.");
    }
    if (fromUrl == null && fromHeader == null) {
      throw incorrect("No version provided in either Accept Header or URL!");
    }
    ApiVersion v = fromUrl != null ? fromUrl : fromHeader;
    if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
      throw incorrect(
          "Please change your requested API version to value between "
              + minText
              + " and "
              + maxText
              + ".");
    }
    return new Resolved(v, fromUrl != null);
  }

  /** The highest served version, for URLs shown to people. */
  public ApiVersion max() {
    return max;
  }

  private static SugarApiException incorrect(String message) {
    return new SugarApiException(301, "incorrect_version", message);
  }
}
