package io.sugarbridge.sandbox.app.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.api.SugarApiException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Sugar's email-address semantics (sugar-api.md 3.6): the {@code email} array of objects with
 * boolean flags replaces a record's whole set; flags an item leaves out keep the value the same
 * address had (matched case-insensitively) or take the defaults; the first address becomes primary
 * when none is; and the legacy fields {@code email1}, {@code email2}, {@code email_opt_out}, {@code
 * invalid_email} are repopulated from the set, and can themselves be written.
 */
public final class EmailAddresses {
  private static final Pattern VALID =
      Pattern.compile(
          "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");
  private static final String[] FLAGS = {
    "opt_out", "invalid_email", "primary_address", "reply_to_address"
  };

  private EmailAddresses() {}

  /** Applies the email-related arguments to a record being written (a mutable copy). */
  public static void apply(ObjectNode record, JsonNode args) {
    ArrayNode current =
        record.get("email") instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode();
    ArrayNode next;
    JsonNode email = args.get("email");
    if (email != null && email.isArray()) {
      next = replaceSet(current, (ArrayNode) email);
    } else {
      next = current.deepCopy();
      boolean touched = false;
      if (args.has("email1")) {
        setLegacy(next, args.get("email1"), true);
        touched = true;
      }
      if (args.has("email2")) {
        setLegacy(next, args.get("email2"), false);
        touched = true;
      }
      ObjectNode primary = primary(next);
      if (primary != null && args.has("email_opt_out")) {
        primary.put("opt_out", Args.truthy(args.get("email_opt_out")));
        touched = true;
      }
      if (primary != null && args.has("invalid_email")) {
        primary.put("invalid_email", Args.truthy(args.get("invalid_email")));
        touched = true;
      }
      if (!touched && record.has("email")) {
        return;
      }
    }
    record.set("email", next);
    populateLegacy(record);
  }

  /** Sets {@code email1}, {@code email2}, {@code email_opt_out}, {@code invalid_email}. */
  public static void populateLegacy(ObjectNode record) {
    ArrayNode set =
        record.get("email") instanceof ArrayNode a ? a : JsonNodeFactory.instance.arrayNode();
    ObjectNode primary = primary(set);
    ObjectNode secondary = null;
    for (JsonNode e : set) {
      if (e != primary) {
        secondary = (ObjectNode) e;
        break;
      }
    }
    record.put("email1", primary == null ? "" : primary.path("email_address").asText());
    record.put("email2", secondary == null ? "" : secondary.path("email_address").asText());
    record.put("email_opt_out", primary != null && primary.path("opt_out").asBoolean());
    record.put("invalid_email", primary != null && primary.path("invalid_email").asBoolean());
  }

  /** Whether an address has a plausible form; Sugar rejects others with 422. */
  public static boolean valid(String address) {
    return VALID.matcher(address).matches();
  }

  private static ArrayNode replaceSet(ArrayNode current, ArrayNode input) {
    ArrayNode next = JsonNodeFactory.instance.arrayNode();
    boolean primaryGiven = false;
    for (JsonNode item : input) {
      primaryGiven |= item.isObject() && Args.truthy(item.get("primary_address"));
    }
    for (JsonNode item : input) {
      String address =
          item.isObject() ? item.path("email_address").asText("").trim() : item.asText("").trim();
      if (address.isEmpty()) {
        continue;
      }
      check(address);
      ObjectNode before = find(current, address);
      ObjectNode e = entry(address);
      for (String flag : FLAGS) {
        if (item.isObject() && item.has(flag) && !item.get(flag).isNull()) {
          e.put(flag, Args.truthy(item.get(flag)));
        } else if (before != null && !(primaryGiven && "primary_address".equals(flag))) {
          // An address named primary in this request wins over a primary flag kept from before.
          e.put(flag, before.path(flag).asBoolean(false));
        }
      }
      ObjectNode dup = find(next, address);
      if (dup != null) {
        dup.setAll(e);
      } else {
        next.add(e);
      }
    }
    ensureOnePrimary(next);
    return next;
  }

  private static void setLegacy(ArrayNode set, JsonNode value, boolean primarySlot) {
    String address = value == null || value.isNull() ? "" : value.asText("").trim();
    ObjectNode slot = primarySlot ? primary(set) : secondary(set);
    if (address.isEmpty()) {
      if (slot != null) {
        remove(set, slot);
      }
      ensureOnePrimary(set);
      return;
    }
    check(address);
    ObjectNode existing = find(set, address);
    if (existing != null) {
      if (primarySlot) {
        set.forEach(e -> ((ObjectNode) e).put("primary_address", e == existing));
      }
      return;
    }
    ObjectNode e = entry(address);
    if (primarySlot) {
      e.put("primary_address", true);
    }
    if (slot != null) {
      for (int i = 0; i < set.size(); i++) {
        if (set.get(i) == slot) {
          set.set(i, e);
        }
      }
    } else if (primarySlot) {
      set.forEach(x -> ((ObjectNode) x).put("primary_address", false));
      set.insert(0, e);
    } else {
      set.add(e);
    }
    ensureOnePrimary(set);
  }

  private static void check(String address) {
    if (!valid(address)) {
      throw SugarApiException.invalidParameter(address + " is an invalid email address");
    }
  }

  private static ObjectNode entry(String address) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("email_address_id", addressId(address));
    e.put("email_address", address);
    e.put("opt_out", false);
    e.put("invalid_email", false);
    e.put("primary_address", false);
    e.put("reply_to_address", false);
    return e;
  }

  /** Sugar shares one email_addresses row per address, so the same address keeps one id. */
  static String addressId(String address) {
    return UUID.nameUUIDFromBytes(address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  private static void ensureOnePrimary(ArrayNode set) {
    boolean seen = false;
    for (JsonNode e : set) {
      if (e.path("primary_address").asBoolean()) {
        if (seen) {
          ((ObjectNode) e).put("primary_address", false);
        }
        seen = true;
      }
    }
    if (!seen && set.size() > 0) {
      ((ObjectNode) set.get(0)).put("primary_address", true);
    }
  }

  private static ObjectNode primary(ArrayNode set) {
    for (JsonNode e : set) {
      if (e.path("primary_address").asBoolean()) {
        return (ObjectNode) e;
      }
    }
    return null;
  }

  private static ObjectNode secondary(ArrayNode set) {
    for (JsonNode e : set) {
      if (!e.path("primary_address").asBoolean()) {
        return (ObjectNode) e;
      }
    }
    return null;
  }

  private static ObjectNode find(ArrayNode set, String address) {
    for (JsonNode e : set) {
      if (e.path("email_address").asText().equalsIgnoreCase(address)) {
        return (ObjectNode) e;
      }
    }
    return null;
  }

  private static void remove(ArrayNode set, JsonNode item) {
    for (int i = 0; i < set.size(); i++) {
      if (set.get(i) == item) {
        set.remove(i);
        return;
      }
    }
  }
}
