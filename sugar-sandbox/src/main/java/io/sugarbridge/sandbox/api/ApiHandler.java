package io.sugarbridge.sandbox.api;

/** Answers one {@link ApiRequest}; throws {@link SugarApiException} for Sugar errors. */
@FunctionalInterface
public interface ApiHandler {
  ApiResponse handle(ApiRequest request);
}
