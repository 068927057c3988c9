package io.sugarbridge.sync.state;

import io.sugarbridge.client.config.GrantType;
import io.sugarbridge.client.config.SugarClientConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The Sugar instance and user a sync's state belongs to: the instance URL normalised (scheme and
 * host lower-cased, the default port and a trailing slash dropped) and the user name lower-cased
 * (Sugar compares user names without regard to case), or {@code client:<client_id>} for the
 * client-credentials grant, which has no user name. Two connection files that reach the same
 * instance as the same user give equal values, so pointing a sync back at an instance finds its
 * state again; any other instance or user is a first run there.
 */
public record SugarInstance(String url, String user) {
  public SugarInstance {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
  }

  /** The instance and user a client configuration connects to. */
  public static SugarInstance of(SugarClientConfig config) {
    String user =
        config.grantType() == GrantType.CLIENT_CREDENTIALS
                || config.username() == null
                || config.username().isBlank()
            ? "client:" + config.clientId().strip()
            : config.username().strip().toLowerCase(Locale.ROOT);
    return new SugarInstance(normalise(config.instanceUrl()), user);
  }

  /** {@code scheme://host[:port][/path]}: lower-case, no default port, no trailing slash. */
  static String normalise(URI url) {
    String scheme = url.getScheme() == null ? "https" : url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    boolean defaultPort =
        port == -1 || scheme.equals("https") && port == 443 || scheme.equals("http") && port == 80;
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
  }

  /**
   * Twelve hex digits of the SHA-256 of URL and user: the part of the state file name that tells
   * instances apart (48 bits; the store also records the instance in full and checks it on open).
   */
  public String shortHash() {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((url + "\n" + user).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** For people: {@code https://acme.sugarcrm.com as admin}. */
  @Override
  public String toString() {
    return url + " as " + user;
  }
}
