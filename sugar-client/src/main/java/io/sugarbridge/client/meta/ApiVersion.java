package io.sugarbridge.client.meta;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sugar REST API version such as 10, 11 or 11.24, written {@code v11_24} in URLs. Parses every
 * form users write ({@code 11.24}, {@code 11_24}, {@code v11_24}); ordered numerically, so 11.9 is
 * lower than 11.10.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
  private static final Pattern FORM = Pattern.compile("v?(\\d{2})(?:[._](\\d{1,2}))?");

  /** The lowest version of the REST API this client speaks (Sugar 7). */
  public static final ApiVersion V10 = new ApiVersion(10, 0);

  /**
   * The highest version this client knows (Sugar 14.0); a discovered maximum above it is capped, so
   * the client never asks for behaviour it has not been written for.
   */
  public static final ApiVersion MAX_KNOWN = new ApiVersion(11, 24);

  /** {@code POST /Users} creates users with {@code license_type} from this version on. */
  public static final ApiVersion USERS_CREATE = new ApiVersion(11, 6);

  /** {@code /integrate} upsert by sync key exists from this version on (Sugar 10.2). */
  public static final ApiVersion INTEGRATE = new ApiVersion(11, 10);

  /**
   * Parses {@code 11.24}, {@code 11_24}, {@code v11_24}, {@code 10}.
   *
   * @throws IllegalArgumentException when the text is no version
   */
  public static ApiVersion parse(String text) {
    Matcher m = FORM.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an API version; write e.g. 11.5 (or 11_5, or 10)");
    }
    int major = Integer.parseInt(m.group(1));
    int minor = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    return new ApiVersion(major, minor);
  }

  /** The URL segment: {@code v10}, {@code v11_24}. */
  public String pathSegment() {
    return minor == 0 ? "v" + major : "v" + major + "_" + minor;
  }

  public boolean isAtLeast(ApiVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ApiVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public String toString() {
    return minor == 0 ? Integer.toString(major) : major + "." + minor;
  }
}
