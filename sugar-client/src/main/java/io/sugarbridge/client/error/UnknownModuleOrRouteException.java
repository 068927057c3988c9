package io.sugarbridge.client.error;

/**
 * Sugar answered 404 {@code no_method}: no route matches the path, usually because the module name
 * is misspelled, the module is disabled, or the operation needs a newer API version.
 */
public class UnknownModuleOrRouteException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public UnknownModuleOrRouteException(SugarError error, String advice) {
    super(error, advice);
  }
}
