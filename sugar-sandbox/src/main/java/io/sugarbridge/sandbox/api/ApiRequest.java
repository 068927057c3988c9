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
 * @param version the requested API version as a number, e.g. {@code 10.0}, {@code 11.24}
 * @param path the path segments after the version, URL-decoded, e.g. {@code ["Accounts", "abc"]}
 * @param args merged arguments: JSON body, overridden by query-string values, overridden by path
 *     variables
 * @param headers request headers with lower-case names
 * @param caller the authenticated user, or {@code null} on routes that need no login
 */
public record ApiRequest(
    String method,
    double version,
    List<String> path,
    ObjectNode args,
    Map<String, String> headers,
    Caller caller) {

  /** The header value for a lower-case name, or {@code null}. */
  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
