package io.sugarbridge.sandbox.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.app.module.ModuleCatalog;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.store.RecordStore;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * What every part of the Sugar application shares: the module catalog, the record store, the
 * configuration and the clock.
 */
public record AppContext(
    ModuleCatalog catalog,
    RecordStore store,
    SandboxConfig config,
    Clock clock,
    ObjectMapper json) {

  public ModuleDef module(String name) {
    return catalog.module(name);
  }

  public Instant now() {
    return clock.instant();
  }

  /** A new record id in Sugar's GUID form. */
  public static String newId() {
    return UUID.randomUUID().toString();
  }
}
