package io.sugarbridge.sandbox.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sugar REST API version such as 10, 11.5 or 11.24. Versions compare part by part, as PHP's
 * {@code version_compare} does (11.5 is older than 11.24), not as decimals.
 *
 * @param major e.g. 11
 * @param minor e.g. 24 for 11.24; 0 when absent
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  /** Stands for "no upper limit" on a route. */
  public static final ApiVersion UNLIMITED = new ApiVersion(Integer.MAX_VALUE, Integer.MAX_VALUE);

  private static final Pattern URL_SEGMENT = Pattern.compile("v(\\d\\d)(?:_(\\d{1,2}))?");
  private static final Pattern HEADER_VALUE = Pattern.compile("(\\d\\d)(?:\\.(\\d{1,2}))?");

  /** Parses a URL segment such as {@code v11_5}; null when it is not in Sugar's format. */
  public static ApiVersion fromUrlSegment(String segment) {
    return parse(URL_SEGMENT.matcher(segment));
  }

  /** Parses an Accept-header value such as {@code 11.3}; null when not in Sugar's format. */
  public static ApiVersion fromHeaderValue(String value) {
    return parse(HEADER_VALUE.matcher(value));
  }

  /**
   * Parses a configured version such as {@code "11.24"} or {@code "10"}.
   *
   * @throws IllegalArgumentException naming the value when it is not MAJOR or MAJOR.MINOR
   */
  public static ApiVersion fromConfig(String value) {
    Matcher m = Pattern.compile("(\\d+)(?:\\.(\\d+))?").matcher(value == null ? "" : value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "API version '" + value + "' is not MAJOR or MAJOR.MINOR; write it like 10 or 11.24");
    }
    return new ApiVersion(
        Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
  }

  private static ApiVersion parse(Matcher m) {
    if (!m.matches()) {
      return null;
    }
    return new ApiVersion(
        Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
  }

  /** The version as the application's {@code ApiRequest.version} carries it, e.g. 11.24. */
  public double asDouble() {
    return Double.parseDouble(major + "." + minor);
  }

  @Override
  public int compareTo(ApiVersion o) {
    int c = Integer.compare(major, o.major);
    return c != 0 ? c : Integer.compare(minor, o.minor);
  }

  /** {@code 11.24}, or {@code 10} when there is no minor part. */
  @Override
  public String toString() {
    return minor == 0 ? Integer.toString(major) : major + "." + minor;
  }
}
