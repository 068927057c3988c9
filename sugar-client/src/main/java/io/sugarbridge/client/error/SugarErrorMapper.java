package io.sugarbridge.client.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sugarbridge.common.config.KnownSecrets;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where an HTTP status plus Sugar {@code error} code becomes an exception type and an
 * actionable message. Follows the troubleshooting tables: each message says what the user should
 * check or change. Bodies that are not JSON (an edge proxy's HTML page) still map by status, with a
 * short, tag-stripped excerpt.
 */
public final class SugarErrorMapper {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int EXCERPT_LENGTH = 160;
  private static final Pattern VERSION_RANGE =
      Pattern.compile("between\\s+(\\d+(?:[._]\\d+)?)\\s+and\\s+(\\d+(?:[._]\\d+)?)");

  private SugarErrorMapper() {}

  /** Reads an error answer's body: Sugar's JSON {@code error}/{@code error_message}, or not. */
  public static SugarError parse(int status, byte[] body, String method, String path) {
    JsonNode json = null;
    // Scrubbed before anything else reads it: a server or proxy may echo the request, password and
    // token included, into its error text.
    String text = body == null ? "" : KnownSecrets.scrub(new String(body, StandardCharsets.UTF_8));
    String trimmed = text.strip();
    if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
      try {
        json = JSON.readTree(trimmed);
      } catch (java.io.IOException notJson) {
        json = null;
      }
    }
    String code = null;
    String message = null;
    if (json != null && json.isObject()) {
      code = textOrNull(json.get("error"));
      message = textOrNull(json.get("error_message"));
      if (message == null) {
        message = textOrNull(json.get("error_description"));
      }
    }
    String excerpt = json == null ? excerpt(text) : null;
    return new SugarError(status, code, message, method, path, json, excerpt);
  }

  /** Maps one failed answer to the exception the user sees. */
  public static SugarApiException toException(SugarError e, ErrorContext ctx) {
    int s = e.status();
    String code = e.code() == null ? "" : e.code();
    String user = ctx.username() == null ? "(none)" : "'" + ctx.username() + "'";
    String instance = ctx.instanceUrl();

    if (ctx.tokenCall()) {
      if (s == 401 || "need_login".equals(code)) {
        return new InvalidCredentialsException(
            e,
            "Sugar at "
                + instance
                + " refused the login of user "
                + user
                + ": check username and password, and that the user is Active in Sugar"
                + " (Admin > User Management)");
      }
      if ("invalid_client".equals(code)) {
        return new InvalidCredentialsException(
            e,
            "Sugar does not accept OAuth client_id '"
                + ctx.clientId()
                + "' with the configured client_secret: check client_id and client_secret"
                + " against Admin > OAuth Keys, or leave both out to use 'sugar' with an empty"
                + " secret");
      }
      if ("invalid_parameter".equals(code)
          && e.serverMessage() != null
          && e.serverMessage().toLowerCase(java.util.Locale.ROOT).contains("platform")) {
        return new PlatformNotRegisteredException(
            e,
            "Sugar refuses platform '"
                + ctx.platform()
                + "' because it is not registered: ask a Sugar administrator to add it under"
                + " Admin > Configure API Platforms, or set platform to a registered name");
      }
      if ("unsupported_grant_type".equals(code)) {
        return new InvalidCredentialsException(
            e,
            "Sugar at "
                + instance
                + " does not offer this OAuth grant type: use the password grant (username and"
                + " password)");
      }
      if ("invalid_grant".equals(code)) {
        return new InvalidCredentialsException(
            e, "Sugar refused the refresh token; log in again with username and password");
      }
      if ("invalid_request".equals(code)) {
        return new InvalidCredentialsException(
            e,
            "Sugar refused the login request as incomplete: check that username and password (or"
                + " client_id and client_secret for client_credentials) are set");
      }
    }

    SugarApiException byCode = byCode(e, code, user, instance);
    if (byCode != null) {
      return byCode;
    }

    switch (s) {
      case 301:
        return unsupportedVersion(e, ctx);
      case 400:
        return new ValidationException(e, "Sugar refused the request as malformed; fix the call");
      case 401:
        if ("need_login".equals(code) || "invalid_grant".equals(code)) {
          return new SessionExpiredException(
              e,
              "Sugar ended the session of user "
                  + user
                  + " and refused the renewed one too: check that the user is still Active and"
                  + " that no administrator revoked its sessions");
        }
        return new SessionExpiredException(e, "Sugar requires a new login");
      case 403:
        return new PermissionDeniedException(
            e,
            "User "
                + user
                + " is not allowed to do this: ask a Sugar administrator for access (role, module"
                + " or field permissions, admin rights) or use another user");
      case 404:
        if ("no_method".equals(code)) {
          return new UnknownModuleOrRouteException(
              e,
              "Sugar has no such module or route: check the module name (it is case-sensitive,"
                  + " e.g. Contacts) and that the module is enabled; the operation may also need a"
                  + " newer API version than "
                  + ctx.apiVersion());
        }
        return new NotFoundException(
            e,
            "Not found: the record or relationship does not exist, was deleted, or is not"
                + " visible to user "
                + user);
      case 409:
        return new EditConflictException(
            e, "The record changed since it was read: reload it, reapply the change, update again");
      case 412:
        return new SugarApiException(
            e,
            "Sugar reports that the client's metadata is out of date (a stale X-Metadata-Hash or"
                + " X-Userpref-Hash header was sent); retry the call without those headers");
      case 413:
        return new ValidationException(
            e, "The request is too large for Sugar: send fewer or smaller records per call");
      case 422:
        return new ValidationException(
            e,
            "Sugar refused the data: fix the field or parameter named in Sugar's message"
                + " (e.g. fill a required field)");
      case 429:
        return new RateLimitedException(
            e,
            "Sugar (or its edge proxy) rate-limited the client after "
                + ctx.attempts()
                + " attempt(s): lower the request rate or requests in flight, or retry later");
      case 500:
      case 502:
      case 503:
      case 504:
        return new ServerUnavailableException(
            e,
            "Sugar at "
                + instance
                + " failed to answer after "
                + ctx.attempts()
                + " attempt(s): retry later; if it persists, check the instance's status");
      default:
        if (s >= 500) {
          return new ServerUnavailableException(
              e, "Sugar at " + instance + " failed with a server error: retry later");
        }
        return new SugarApiException(
            e, "Sugar refused the request with an unexpected status; check the call");
    }
  }

  /**
   * Advice for the Sugar error codes whose fix differs from what their HTTP status alone suggests
   * (sugar-api.md §2.2), or null to map by status.
   */
  private static SugarApiException byCode(SugarError e, String code, String user, String instance) {
    switch (code) {
      case "inactive_portal_user":
        return new PermissionDeniedException(
            e,
            "The portal user is inactive in Sugar: an administrator must activate the contact's"
                + " portal access, or use a regular Sugar user");
      case "portal_not_configured":
        return new PermissionDeniedException(
            e,
            "Sugar's portal is not configured on "
                + instance
                + ": an administrator must set it up, or use a regular Sugar user and platform");
      case "license_seats_needed":
        return new PermissionDeniedException(
            e,
            "User "
                + user
                + " has no license seat: an administrator must assign a license (Admin > User"
                + " Management > license type) or free a seat");
      case "field_locked":
        return new PermissionDeniedException(
            e,
            "A field of this record is locked by a process (SugarBPM) and cannot be edited: leave"
                + " it out of the update, or wait until the process releases it");
      case "module_disabled":
        return new PermissionDeniedException(
            e,
            "The module is disabled on "
                + instance
                + ": an administrator must enable it (Admin > Navigation Bar and Subpanels) or"
                + " remove it from the sync");
      case "field_disabled":
        return new PermissionDeniedException(
            e,
            "The field is disabled on "
                + instance
                + ": remove it from the mapping, or ask an administrator to enable it");
      case "request_failure":
        return new ServerUnavailableException(
            e,
            "Sugar could not complete the request (a dependent step failed): retry later; if it"
                + " persists, an administrator should check sugarcrm.log");
      case "client_outdated":
        return new UnsupportedApiVersionException(
            e,
            "Sugar at "
                + instance
                + " considers this client outdated: upgrade sugarbridge, or set a lower"
                + " api_version");
      case "fatal_error":
      case "db_error":
      case "unknown_error":
        return new ServerUnavailableException(
            e,
            "Sugar at "
                + instance
                + " failed internally: retry later; if it persists, an administrator should check"
                + " sugarcrm.log");
      case "search_runtime":
      case "search_unavailable":
        return new ServerUnavailableException(
            e,
            "Sugar's full-text search (Elasticsearch) failed or is unavailable on "
                + instance
                + ": retry later, or filter without full-text search (q)");
      case "bad_gateway":
        return new ServerUnavailableException(
            e,
            "A connector Sugar relies on (an external service) answered badly: retry later; if it"
                + " persists, an administrator should check the connector settings");
      case "maintenance":
        return new ServerUnavailableException(
            e,
            "Sugar at "
                + instance
                + " is in maintenance mode, where only administrators can log in: retry after the"
                + " maintenance window");
      default:
        return null;
    }
  }

  private static SugarApiException unsupportedVersion(SugarError e, ErrorContext ctx) {
    String range = "";
    if (e.serverMessage() != null) {
      Matcher m = VERSION_RANGE.matcher(e.serverMessage());
      if (m.find()) {
        range = " (the server serves " + m.group(1) + " to " + m.group(2) + ")";
      }
    }
    return new UnsupportedApiVersionException(
        e,
        "Sugar at "
            + ctx.instanceUrl()
            + " does not serve API version "
            + ctx.apiVersion()
            + range
            + ": set api_version to a version in that range, or remove it to discover it");
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  /** A short, single-line excerpt of a non-JSON body, with HTML tags removed. */
  public static String excerpt(String text) {
    String plain =
        KnownSecrets.scrub(text)
            .replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", " ")
            .replaceAll("<[^>]*>", " ")
            .replaceAll("\\s+", " ")
            .strip();
    return plain.length() <= EXCERPT_LENGTH ? plain : plain.substring(0, EXCERPT_LENGTH) + "...";
  }
}
