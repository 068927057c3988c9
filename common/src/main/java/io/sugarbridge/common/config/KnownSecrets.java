package io.sugarbridge.common.config;

import java.lang.ref.WeakReference;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that knows the secrets in play, and the one scrubber for text that came from
 * outside (a server's {@code error_message} or error page, a database driver's message) before it
 * enters an error, a log line, a report or a store.
 *
 * <p>Every {@link Secret} registers itself here when it is made, so the connection's password and
 * client secret, access and refresh tokens as they rotate, a source's password (also the one inside
 * a JDBC URL) and SCIM tokens are known without any caller remembering to add them. The registry
 * holds secrets weakly: a token nobody holds any more (rotated away) drops out by itself, so a
 * long-running collector does not grow it without bound.
 *
 * <p>{@link #scrub(String)} replaces, in this order: every known secret of at least {@value
 * #MIN_LENGTH} characters (as is, URL-encoded and JSON-escaped); and, whether or not the value is
 * known, the value in the shapes a request echo takes: a JSON or form field named like a secret
 * ({@code "password":"…"}, {@code password=…}, {@code client_secret}, tokens), a URL's {@code
 * user:password@}, and the {@code OAuth-Token}/{@code Authorization} header. Shorter secrets are
 * not replaced by value (a two-letter password would mask every word containing it), but are still
 * caught in those shapes.
 */
public final class KnownSecrets {
  /** Shown instead of a secret. */
  public static final String MASK = "██";

  /** Secrets shorter than this are only masked in request-echo shapes, not wherever they occur. */
  public static final int MIN_LENGTH = 4;

  // By identity, not Secret.equals: two equal secrets held by different owners must both count,
  // or the one kept could be collected while the other is still in use.
  private static final List<WeakReference<Secret>> SECRETS = new ArrayList<>();

  private static final java.util.Set<Secret> REMEMBERED =
      Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  private static final String SECRET_NAMES =
      "password|passwd|pwd|new_password|old_password|client_secret|access_token|refresh_token"
          + "|download_token|oauth_token|oauth-token|user_hash|token|secret|api_key|write_key|sslpassword|sslkey";

  /** {@code "password": "…"} in JSON, also when the JSON sits escaped inside a JSON string. */
  private static final Pattern JSON_FIELD =
      Pattern.compile(
          "(?i)(\\\\*\"(?:" + SECRET_NAMES + ")\\\\*\"\\s*:\\s*\\\\*\")((?:[^\"\\\\]|\\\\[^\"])*)");

  /** {@code password=…} in a form body, a query string or a JDBC URL's parameters. */
  private static final Pattern FORM_FIELD =
      Pattern.compile("(?i)(?<![A-Za-z0-9_])((?:" + SECRET_NAMES + ")=)([^&;\\s\"'<>,)}\\]]+)");

  /** {@code scheme://user:password@host}. */
  private static final Pattern URL_USERINFO =
      Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@\"']*:)([^@\\s/\"']+)(@)");

  /** {@code OAuth-Token: …}, {@code Authorization: Bearer …}, as a header or a JSON header map. */
  private static final Pattern HEADER =
      Pattern.compile(
          "(?i)((?:oauth-token|authorization|proxy-authorization|cookie)\\\\*\"?\\s*[:=]\\s*"
              + "\\\\*\"?(?:bearer\\s+|basic\\s+)?)([^\\s\"\\\\,;}]+)");

  private static final Pattern ALREADY_MASKED = Pattern.compile("\\*+|(?:██)+");

  private KnownSecrets() {}

  /** Makes {@code secret} known; {@link Secret} does this for every instance it creates. */
  public static void register(Secret secret) {
    if (secret != null && !secret.isEmpty()) {
      synchronized (SECRETS) {
        SECRETS.removeIf(r -> r.get() == null);
        SECRETS.add(new WeakReference<>(secret));
      }
    }
  }

  /**
   * Makes the passwords written inside a URL known for the rest of the process: the {@code
   * user:password@} part and parameters such as {@code password=} (a JDBC URL of a sync's source).
   * A database driver may quote the URL, or the password alone, in its error messages. Held
   * strongly, since such a URL comes from a configuration file and stays in use.
   */
  public static void rememberPasswordsIn(String url) {
    if (url == null) {
      return;
    }
    List<String> found = new ArrayList<>();
    Matcher m = URL_USERINFO.matcher(url);
    while (m.find()) {
      found.add(m.group(2));
    }
    m = FORM_FIELD.matcher(url);
    while (m.find()) {
      found.add(m.group(2));
    }
    for (String value : found) {
      String decoded =
          java.net.URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
      synchronized (REMEMBERED) {
        if (REMEMBERED.size() < 1000) {
          REMEMBERED.add(Secret.of(value));
          REMEMBERED.add(Secret.of(decoded));
        }
      }
    }
  }

  /** {@code text} with every known secret and every secret-shaped value masked; null stays null. */
  public static String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String value : values()) {
      out = replaceAll(out, value);
      String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8);
      if (!encoded.equals(value)) {
        out = replaceAll(out, encoded);
        out = replaceAll(out, encoded.replace("+", "%20"));
      }
      String escaped = jsonEscaped(value);
      if (!escaped.equals(value)) {
        out = replaceAll(out, escaped);
      }
    }
    out = mask(JSON_FIELD, out);
    out = mask(FORM_FIELD, out);
    out = mask(URL_USERINFO, out);
    out = mask(HEADER, out);
    return out;
  }

  /** Whether {@code text} still shows a known secret (for checks and tests). */
  public static boolean containsKnownSecret(String text) {
    if (text == null) {
      return false;
    }
    for (String value : values()) {
      if (text.contains(value)) {
        return true;
      }
    }
    return false;
  }

  /** Longest first, so a secret that contains another is masked whole. */
  private static List<String> values() {
    List<String> values = new ArrayList<>();
    synchronized (SECRETS) {
      for (WeakReference<Secret> r : SECRETS) {
        Secret s = r.get();
        if (s != null && s.reveal().length() >= MIN_LENGTH && !values.contains(s.reveal())) {
          values.add(s.reveal());
        }
      }
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
    return values;
  }

  private static String replaceAll(String text, String value) {
    return text.contains(value) ? text.replace(value, MASK) : text;
  }

  private static String mask(Pattern p, String text) {
    Matcher m = p.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    do {
      if (ALREADY_MASKED.matcher(m.group(2)).matches()) {
        // Masked before (e.g. "****" in a URL shown to the user): left as it was written.
        m.appendReplacement(b, Matcher.quoteReplacement(m.group()));
        continue;
      }
      String rest = m.groupCount() >= 3 ? m.group(3) : "";
      m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + MASK + rest));
    } while (m.find());
    m.appendTail(b);
    return b.toString();
  }

  private static String jsonEscaped(String value) {
    StringBuilder b = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '/' -> b.append("\\/"); // PHP's json_encode escapes slashes
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }
}
