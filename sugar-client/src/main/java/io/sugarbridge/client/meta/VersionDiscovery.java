package io.sugarbridge.client.meta;

import io.sugarbridge.client.error.ErrorContext;
import io.sugarbridge.client.error.SugarError;
import io.sugarbridge.client.error.SugarErrorMapper;
import io.sugarbridge.client.error.UnsupportedApiVersionException;
import io.sugarbridge.client.http.SugarResponse;
import io.sugarbridge.client.http.SugarTransport;
import io.sugarbridge.client.http.VersionSource;
import java.net.URI;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the API version to use when none is configured. Sugar has no endpoint listing its versions,
 * but answers an out-of-range version with 301 {@code incorrect_version} and "…between 10 and
 * 11.23." (sugar-api.md §0); the probe {@code GET /rest/v99/ping} reads that range and the client
 * uses the maximum, capped at {@link ApiVersion#MAX_KNOWN}. The result is cached for the client's
 * life; a configured version is used as is.
 */
public final class VersionDiscovery implements VersionSource {
  private static final Logger LOG = LoggerFactory.getLogger(VersionDiscovery.class);
  private static final Pattern RANGE =
      Pattern.compile("between\\s+(\\d+(?:[._]\\d+)?)\\s+and\\s+(\\d+(?:[._]\\d+)?)");
  static final String PROBE_VERSION = "v99";

  private final URI instanceUrl;
  private final SugarTransport transport;
  private final ApiVersion configured;
  private final ErrorContext context;
  private volatile ApiVersion discovered;
  private volatile ApiVersion serverMax;
  private volatile ApiVersion serverMin;

  public VersionDiscovery(
      URI instanceUrl, SugarTransport transport, ApiVersion configured, ErrorContext context) {
    this.instanceUrl = instanceUrl;
    this.transport = transport;
    this.configured = configured;
    this.context = context;
  }

  @Override
  public ApiVersion current() {
    if (configured != null) {
      return configured;
    }
    ApiVersion v = discovered;
    if (v == null) {
      synchronized (this) {
        if (discovered == null) {
          discovered = probe();
        }
        v = discovered;
      }
    }
    return v;
  }

  @Override
  public ApiVersion serverMaximum() {
    return serverMax;
  }

  /** The server's lowest version if it has been discovered, else null. */
  public ApiVersion serverMinimum() {
    return serverMin;
  }

  @Override
  public boolean configured() {
    return configured != null;
  }

  private ApiVersion probe() {
    String path = "/rest/" + PROBE_VERSION + "/ping";
    SugarResponse r =
        transport.execute(
            "GET",
            URI.create(instanceUrl + path),
            Map.of("Accept", "application/json"),
            null,
            path);
    SugarError e = SugarErrorMapper.parse(r.status(), r.body(), "GET", path);
    if (r.status() == 301 && "incorrect_version".equals(e.code()) && e.serverMessage() != null) {
      Matcher m = RANGE.matcher(e.serverMessage());
      if (m.find()) {
        ApiVersion min = ApiVersion.parse(m.group(1));
        ApiVersion max = ApiVersion.parse(m.group(2));
        serverMin = min;
        serverMax = max;
        ApiVersion use = max.compareTo(ApiVersion.MAX_KNOWN) > 0 ? ApiVersion.MAX_KNOWN : max;
        if (use.compareTo(min) < 0 || use.compareTo(ApiVersion.V10) < 0) {
          throw new UnsupportedApiVersionException(
              e,
              "Sugar at "
                  + instanceUrl
                  + " serves API "
                  + min
                  + " to "
                  + max
                  + ", none of which this client ("
                  + ApiVersion.V10
                  + " to "
                  + ApiVersion.MAX_KNOWN
                  + ") speaks: set api_version explicitly to try one, or upgrade sugarbridge");
        }
        LOG.debug("Sugar at {} serves API {} to {}; using {}", instanceUrl, min, max, use);
        return use;
      }
    }
    if (r.status() >= 400 && r.status() != 404) {
      throw SugarErrorMapper.toException(e, context.withAttempts(r.attempts()));
    }
    throw new UnsupportedApiVersionException(
        e,
        "Cannot discover the API version of "
            + instanceUrl
            + ": it did not answer the version probe as Sugar does. Check that instance_url is"
            + " the Sugar address, or set api_version (e.g. 11.20)");
  }
}
