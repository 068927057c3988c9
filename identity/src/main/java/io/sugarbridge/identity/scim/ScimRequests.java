package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a SCIM request says, read the way RFC 7644 asks: the presented token, the {@code {id}} path
 * parameter, the JSON body (UTF-8, size-limited), paging parameters and attribute lists.
 */
final class ScimRequests {
  static final int DEFAULT_COUNT = 100;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScimRequests() {}

  /**
   * The token in {@code Authorization: Bearer <token>}, or the password of {@code Authorization:
   * Basic} (any user name) for identity providers and test tools that only speak Basic.
   */
  static String presentedToken(String header) {
    if (header == null) {
      return null;
    }
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String pair =
            new String(
                java.util.Base64.getDecoder().decode(header.substring(6).trim()),
                java.nio.charset.StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        return colon < 0 ? null : pair.substring(colon + 1);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return null;
  }

  private static final java.util.regex.Pattern ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** The {@code {id}} path parameter; a character no Sugar id has is a 400, not a lookup. */
  static String id(Context ctx) {
    String id = ctx.pathParam("id");
    if (!ID.matcher(id).matches()) {
      throw ScimException.invalidValue(
          "'" + id + "' is not a resource id: ids are letters, digits, '-', '_' and '.'.");
    }
    return id;
  }

  /**
   * The request body as JSON, read as UTF-8 (RFC 8259) whatever charset the request claims, and at
   * most {@link ScimServer#MAX_BODY_BYTES}: a larger body is refused with a SCIM 413 before it is
   * read whole.
   */
  static JsonNode body(Context ctx) {
    if (ctx.contentLength() > ScimServer.MAX_BODY_BYTES) {
      throw tooLarge();
    }
    byte[] bytes;
    try (InputStream in = ctx.req().getInputStream()) {
      bytes = in.readNBytes(ScimServer.MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw ScimException.invalidSyntax("The request body could not be read: " + e.getMessage());
    }
    if (bytes.length > ScimServer.MAX_BODY_BYTES) {
      throw tooLarge();
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw ScimException.invalidSyntax("The request has no body; send a SCIM JSON object.");
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw ScimException.invalidSyntax(
          "The request body is not JSON: " + e.getOriginalMessage() + ".");
    }
  }

  private static ScimException tooLarge() {
    return new ScimException(
        413,
        null,
        "The request body is larger than the bridge accepts ("
            + ScimServer.MAX_BODY_BYTES
            + " bytes); send one resource per request.");
  }

  static int startIndex(Context ctx) {
    return intParam(ctx, "startIndex", 1);
  }

  static int count(Context ctx) {
    return intParam(ctx, "count", DEFAULT_COUNT);
  }

  private static int intParam(Context ctx, String name, int fallback) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      return clamp(name, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      throw ScimException.invalidValue(
          "Query parameter '" + name + "' must be a number, not '" + v + "'.");
    }
  }

  static int intOf(JsonNode body, String name, int fallback) {
    JsonNode v = ScimJson.child(body, name);
    return v == null || !v.canConvertToInt() ? fallback : clamp(name, v.asInt());
  }

  private static int clamp(String name, int v) {
    // RFC 7644 3.4.2.4: startIndex below 1 means 1, a negative count means 0.
    return name.equals("startIndex")
        ? Math.max(v, 1)
        : Math.min(Math.max(v, 0), ScimServer.MAX_RESULTS);
  }

  static boolean membersWanted(Context ctx) {
    String excluded = ctx.queryParam("excludedAttributes");
    return excluded == null || !excluded.toLowerCase(Locale.ROOT).contains("members");
  }

  static String attributeList(JsonNode body, String name) {
    JsonNode v = ScimJson.child(body, name);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isArray()) {
      List<String> names = new ArrayList<>();
      for (JsonNode n : v) {
        if (!n.isTextual()) {
          throw ScimException.invalidValue(
              "'" + name + "' must be an array of attribute names, not " + v + ".");
        }
        names.add(n.asText());
      }
      return String.join(",", names);
    }
    throw ScimException.invalidValue(
        "'" + name + "' must be an array of attribute names, not " + v + ".");
  }
}
