package io.sugarbridge.sandbox.http;

import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.UserDirectory;
import java.util.List;

/**
 * The Sugar application as the HTTP layer sees it: its routes, its users and its module names.
 * {@link io.sugarbridge.sandbox.SugarSandbox} adapts the real {@code SugarApplication}; tests of
 * the HTTP layer may plug in a small one of their own.
 */
public interface Backend {
  List<Route> routes();

  UserDirectory users();

  boolean isModule(String name);
}
