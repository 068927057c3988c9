package io.sugarbridge.sandbox.http;

import io.sugarbridge.sandbox.api.ApiRequest;
import io.sugarbridge.sandbox.api.ApiResponse;

/**
 * Answers a request for one of the HTTP layer's own endpoints (OAuth2, bulk), which need more than
 * the application's {@link io.sugarbridge.sandbox.api.ApiHandler} sees: the access token itself.
 */
@FunctionalInterface
public interface EndpointHandler {
  ApiResponse handle(ApiRequest request, CallContext context);

  /**
   * What the HTTP layer knows about the call beyond the {@link ApiRequest}.
   *
   * @param accessToken the access token the request authenticated with, or null
   */
  record CallContext(String accessToken) {}
}
