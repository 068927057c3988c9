package io.sugarbridge.events.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.events.model.EventMessage;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one Segment tracking-API event (as JSON) into the {@link EventMessage} the journal keeps,
 * or into the reason it is refused. Follows Segment's spec: {@code type}, {@code userId} / {@code
 * anonymousId} (one is required; numbers are taken as text), {@code messageId} (generated when
 * absent), {@code timestamp}, {@code context}, {@code integrations}, {@code traits}, {@code
 * properties}, {@code event} (required for track) and {@code name}. A batch's own {@code context}
 * and {@code integrations} are merged under each event's (the event's keys win). A group's {@code
 * groupId} and group traits and an alias's {@code previousId} go into {@code properties}, since
 * they describe the group or the old id, not the person.
 */
final class SegmentEventReader {
  static final Set<String> TYPES = Set.of("identify", "track", "page", "screen", "group", "alias");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The outcome for one event: a message, or a refusal. */
  record Result(EventMessage message, String reason, String error, int status) {
    static Result ok(EventMessage message) {
      return new Result(message, null, null, 200);
    }

    static Result refused(String reason, String error) {
      return new Result(null, reason, error, 400);
    }

    boolean accepted() {
      return message != null;
    }
  }

  private SegmentEventReader() {}

  /** Reads {@code node} without checking the size of its traits. */
  static Result read(
      JsonNode node,
      String impliedType,
      ObjectNode batchContext,
      ObjectNode batchIntegrations,
      String writeKeyName,
      Instant receivedAt) {
    return read(node, impliedType, batchContext, batchIntegrations, writeKeyName, receivedAt, 0);
  }

  /**
   * Reads {@code node}. {@code impliedType} is the type of a single-event endpoint ({@code
   * /v1/track}), or null in a batch where each event names its own. When {@code maxTraitBytes} is
   * above 0, an event with a trait larger than that (its name and JSON value) is refused.
   */
  static Result read(
      JsonNode node,
      String impliedType,
      ObjectNode batchContext,
      ObjectNode batchIntegrations,
      String writeKeyName,
      Instant receivedAt,
      int maxTraitBytes) {
    if (!(node instanceof ObjectNode event)) {
      return Result.refused("invalid_field", "an event must be a JSON object");
    }
    String type = impliedType;
    if (type == null) {
      JsonNode t = event.get("type");
      if (t == null || t.isNull() || !t.isTextual() || t.asText().isBlank()) {
        return Result.refused(
            "unknown_type",
            "type is missing: each event in a batch needs a type, one of " + typeList());
      }
      type = t.asText();
      if (!TYPES.contains(type)) {
        return Result.refused(
            "unknown_type", "unknown type '" + clip(type) + "': use one of " + typeList());
      }
    }
    String userId;
    String anonymousId;
    try {
      userId = id(event, "userId");
      anonymousId = id(event, "anonymousId");
    } catch (IllegalArgumentException e) {
      return Result.refused("invalid_field", e.getMessage());
    }
    if (userId == null && anonymousId == null) {
      return Result.refused(
          "missing_identity", "userId or anonymousId is required (neither was sent)");
    }
    String eventName = null;
    if (type.equals("track")) {
      JsonNode e = event.get("event");
      if (e == null || !e.isTextual() || e.asText().isBlank()) {
        return Result.refused(
            "missing_event", "a track event needs event, its name (e.g. \"Lead Generated\")");
      }
      eventName = e.asText();
    }
    ObjectNode context;
    ObjectNode integrations;
    ObjectNode traits;
    ObjectNode properties;
    try {
      context = merged(batchContext, object(event, "context"));
      integrations = merged(batchIntegrations, object(event, "integrations"));
      properties = object(event, "properties");
      if (type.equals("identify")) {
        traits = object(event, "traits");
      } else {
        traits = context.get("traits") instanceof ObjectNode t ? t.deepCopy() : NODES.objectNode();
        if (type.equals("group")) {
          ObjectNode groupTraits = object(event, "traits");
          if (!groupTraits.isEmpty()) {
            properties.set("traits", groupTraits);
          }
          copyText(event, "groupId", properties);
        }
        if (type.equals("alias")) {
          copyText(event, "previousId", properties);
        }
      }
    } catch (IllegalArgumentException e) {
      return Result.refused("invalid_field", e.getMessage());
    }
    if (maxTraitBytes > 0) {
      String tooLarge = oversizedTrait(traits, maxTraitBytes);
      if (tooLarge != null) {
        return new Result(null, "too_large", tooLarge, 413);
      }
    }
    String name = text(event, "name");
    String messageId = text(event, "messageId");
    if (messageId == null || messageId.isBlank()) {
      messageId = "sb-" + UUID.randomUUID();
    }
    String timestamp = text(event, "timestamp");
    return Result.ok(
        new EventMessage(
            type,
            messageId,
            userId,
            anonymousId,
            eventName,
            name,
            traits,
            properties,
            context,
            integrations,
            timestamp,
            receivedAt,
            writeKeyName));
  }

  private static String id(ObjectNode event, String field) {
    JsonNode v = event.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isTextual()) {
      String s = v.asText();
      return s.isBlank() ? null : s;
    }
    if (v.isIntegralNumber()) {
      return v.asText();
    }
    throw new IllegalArgumentException(field + " must be a string or a whole number");
  }

  private static String text(ObjectNode event, String field) {
    JsonNode v = event.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static void copyText(ObjectNode event, String field, ObjectNode into) {
    String v = text(event, field);
    if (v != null) {
      into.put(field, v);
    }
  }

  private static ObjectNode object(ObjectNode event, String field) {
    JsonNode v = event.get(field);
    if (v == null || v.isNull()) {
      return NODES.objectNode();
    }
    if (v instanceof ObjectNode o) {
      return o;
    }
    throw new IllegalArgumentException(field + " must be a JSON object");
  }

  private static String oversizedTrait(ObjectNode traits, int limit) {
    Iterator<Map.Entry<String, JsonNode>> fields = traits.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      long size;
      try {
        size = f.getKey().length() + (long) JSON.writeValueAsBytes(f.getValue()).length;
      } catch (JsonProcessingException e) {
        size = Long.MAX_VALUE;
      }
      if (size > limit) {
        return "the trait "
            + clip(f.getKey())
            + " is "
            + size
            + " bytes, over the limit of "
            + limit
            + " bytes per trait: a person's profile keeps every trait, so send long text as an"
            + " event property instead";
      }
    }
    return null;
  }

  static ObjectNode merged(ObjectNode shared, ObjectNode own) {
    if (shared == null || shared.isEmpty()) {
      return own;
    }
    // A shallow copy: the shared values are not copied per event (the journal stores each
    // event's own encoding; nothing changes these nodes afterwards).
    ObjectNode out = NODES.objectNode();
    out.setAll(shared);
    Iterator<Map.Entry<String, JsonNode>> fields = own.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      out.set(f.getKey(), f.getValue());
    }
    return out;
  }

  private static String typeList() {
    return "identify, track, page, screen, group, alias";
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
