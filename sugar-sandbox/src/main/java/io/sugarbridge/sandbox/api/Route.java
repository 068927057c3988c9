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
 * @param minVersion lowest API version that serves this route (e.g. {@code 11.6} for {@code POST
 *     /Users}); the router reads bounds by their decimal digits, so {@code 11.6} is v11_6 and
 *     {@code 11.11} is v11_11, but a double cannot say 11.10 (it is 11.1)
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
