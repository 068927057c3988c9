package io.sugarbridge.sandbox.api;

import java.util.List;

/**
 * One route of the Sugar application, matched by the HTTP layer against the path after the version.
 *
 * <p>{@code pattern} is a list of segments where {@code "?"} matches any one segment ({@code
 * "?name"} also puts it into the arguments as path variable {@code name}); a {@code "<module>"}
 * segment matches only a known module name (and becomes path variable {@code module}) (an unknown
 * module then gives 404 {@code no_method}, as Sugar does). When several routes match, the most
 * specific wins: exact segments beat {@code "<module>"}, which beats {@code "?"}, compared left to
 * right.
 *
 * @param method upper-case HTTP method
 * @param pattern e.g. {@code ["<module>", "?", "link", "?"]}
 * @param minVersion lowest API version that serves this route as {@code MAJOR[.MINOR]} text, e.g.
 *     {@code "11.6"} for {@code POST /Users} or {@code "11.10"} for {@code /integrate}; versions
 *     compare part by part (11.10 is newer than 11.6), so they are text, not decimals
 * @param maxVersion highest API version that serves it, or {@code null} for no limit
 * @param requiresLogin whether an access token is needed
 * @param handler the code that answers
 */
public record Route(
    String method,
    List<String> pattern,
    String minVersion,
    String maxVersion,
    boolean requiresLogin,
    ApiHandler handler) {

  /** A route served by every version, for logged-in callers. */
  public static Route of(String method, String pattern, ApiHandler handler) {
    return new Route(method, split(pattern), "10", null, true, handler);
  }

  /** A route served from {@code minVersion} on, for logged-in callers. */
  public static Route since(String minVersion, String method, String pattern, ApiHandler handler) {
    return new Route(method, split(pattern), minVersion, null, true, handler);
  }

  /** A route served by every version that needs no login. */
  public static Route publicRoute(String method, String pattern, ApiHandler handler) {
    return new Route(method, split(pattern), "10", null, false, handler);
  }

  public static List<String> split(String pattern) {
    return pattern.isEmpty() ? List.of() : List.of(pattern.split("/"));
  }
}
