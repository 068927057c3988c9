package io.sugarbridge.sandbox.api;

import java.util.List;

/**
 * One route of the Sugar application, matched by the HTTP layer against the path after the version.
 *
 * <p>{@code pattern} is a list of segments where {@code "?"} matches any one segment; a {@code
 * "<module>"} segment matches only a known module name (an unknown module then gives 404 {@code
 * no_method}, as Sugar does). When several routes match, the most specific wins: exact segments
 * beat {@code "<module>"}, which beats {@code "?"}, compared left to right.
 *
 * @param method upper-case HTTP method
 * @param pattern e.g. {@code ["<module>", "?", "link", "?"]}
 * @param minVersion lowest API version that serves this route (e.g. {@code 11.6} for {@code POST
 *     /Users})
 * @param maxVersion highest API version that serves it ({@code Double.MAX_VALUE} for no limit)
 * @param requiresLogin whether an access token is needed
 * @param handler the code that answers
 */
public record Route(
    String method,
    List<String> pattern,
    double minVersion,
    double maxVersion,
    boolean requiresLogin,
    ApiHandler handler) {

  public static Route of(String method, String pattern, ApiHandler handler) {
    return new Route(method, split(pattern), 10.0, Double.MAX_VALUE, true, handler);
  }

  public static List<String> split(String pattern) {
    return pattern.isEmpty() ? List.of() : List.of(pattern.split("/"));
  }
}
