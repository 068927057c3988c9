package io.sugarbridge.sandbox.http;

import io.sugarbridge.sandbox.api.ApiVersion;
import io.sugarbridge.sandbox.api.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Matches a method, API version and path (after the version) to one endpoint, as Sugar's route
 * dictionary does: the segment count must agree, {@code "<module>"} matches only a known module,
 * {@code "?"} (or {@code "?name"}) matches any segment, and among several matches the most specific
 * wins, exact segments beating {@code "<module>"} beating {@code "?"}, compared left to right.
 * Routes outside their {@code minVersion..maxVersion} do not match.
 */
public final class Router {
  /**
   * Route variables named like Sugar's path variables; {@code "<module>"} yields {@code module}.
   */
  static final String MODULE = "<module>";

  /** One routable endpoint, from the application's {@link Route} or the HTTP layer's own. */
  public record Endpoint(
      String method,
      List<String> pattern,
      ApiVersion min,
      ApiVersion max,
      boolean requiresLogin,
      EndpointHandler handler) {

    /** An application route. */
    public static Endpoint of(Route r) {
      return new Endpoint(
          r.method(),
          List.copyOf(r.pattern()),
          ApiVersion.fromConfig(r.minVersion()),
          r.maxVersion() == null ? ApiVersion.UNLIMITED : ApiVersion.fromConfig(r.maxVersion()),
          r.requiresLogin(),
          (request, context) -> r.handler().handle(request));
    }

    /** An endpoint of the HTTP layer served by every version. */
    public static Endpoint own(
        String method, String pattern, boolean requiresLogin, EndpointHandler handler) {
      return new Endpoint(
          method,
          Route.split(pattern),
          new ApiVersion(0, 0),
          ApiVersion.UNLIMITED,
          requiresLogin,
          handler);
    }
  }

  /**
   * A matched endpoint and the path variables it names.
   *
   * @param pathVars {@code module} for a {@code "<module>"} segment, {@code name} for {@code
   *     "?name"}
   */
  public record Match(Endpoint endpoint, Map<String, String> pathVars) {}

  private final List<Endpoint> endpoints;
  private final Predicate<String> isModule;

  public Router(List<Endpoint> endpoints, Predicate<String> isModule) {
    this.endpoints = List.copyOf(endpoints);
    this.isModule = isModule;
  }

  /** The best endpoint for this call, or empty (Sugar then answers 404 {@code no_method}). */
  public Optional<Match> match(String method, ApiVersion version, List<String> segments) {
    Endpoint best = null;
    int[] bestRank = null;
    for (Endpoint e : endpoints) {
      if (!e.method().equals(method)
          || e.pattern().size() != segments.size()
          || version.compareTo(e.min()) < 0
          || version.compareTo(e.max()) > 0) {
        continue;
      }
      int[] rank = rank(e.pattern(), segments);
      if (rank != null && (bestRank == null || compare(rank, bestRank) > 0)) {
        best = e;
        bestRank = rank;
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    Map<String, String> vars = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i++) {
      String p = best.pattern().get(i);
      if (p.equals(MODULE)) {
        vars.put("module", segments.get(i));
      } else if (p.startsWith("?") && p.length() > 1) {
        vars.put(p.substring(1), segments.get(i));
      }
    }
    return Optional.of(new Match(best, vars));
  }

  private int[] rank(List<String> pattern, List<String> segments) {
    int[] rank = new int[pattern.size()];
    for (int i = 0; i < pattern.size(); i++) {
      String p = pattern.get(i);
      String s = segments.get(i);
      if (p.startsWith("?")) {
        rank[i] = 0;
      } else if (p.equals(MODULE)) {
        if (!isModule.test(s)) {
          return null;
        }
        rank[i] = 1;
      } else if (p.equals(s)) {
        rank[i] = 2;
      } else {
        return null;
      }
    }
    return rank;
  }

  private static int compare(int[] a, int[] b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i]) {
        return Integer.compare(a[i], b[i]);
      }
    }
    return 0;
  }
}
