package io.sugarbridge.client.http;

import io.sugarbridge.client.meta.ApiVersion;

/**
 * Supplies the API version calls are sent with (configured, or discovered once and cached) and,
 * when known, the highest version the server serves.
 */
public interface VersionSource {
  /** The version to put in URLs; may probe the server on first use. */
  ApiVersion current();

  /** The server's highest version if it has been discovered, else null. */
  ApiVersion serverMaximum();

  /** Whether the version came from the configuration rather than from discovery. */
  boolean configured();
}
