package io.sugarbridge.events.preset;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a preset makes of one event: a record to write (with the normalised primary email used for
 * {@code match: email}), nothing to do (and why), or a record that cannot be sent (and which trait
 * is missing).
 *
 * @param fields the Sugar payload; null unless {@link Kind#RECORD}
 * @param email the lowercased, trimmed primary email, or null
 * @param reason why nothing is sent; null for {@link Kind#RECORD}
 */
public record MappedEvent(Kind kind, ObjectNode fields, String email, String reason) {

  /** The three outcomes of mapping. */
  public enum Kind {
    RECORD,
    NO_ACTION,
    INVALID,
    /**
     * Only traits are missing that the person's {@code identify} may still bring (each missing
     * required field has a trait mapped to it); the deliverer may wait for them.
     */
    MISSING_TRAIT
  }

  public static MappedEvent record(ObjectNode fields, String email) {
    return new MappedEvent(Kind.RECORD, fields, email, null);
  }

  public static MappedEvent noAction(String reason) {
    return new MappedEvent(Kind.NO_ACTION, null, null, reason);
  }

  public static MappedEvent invalid(ObjectNode fields, String reason) {
    return new MappedEvent(Kind.INVALID, fields, null, reason);
  }

  public static MappedEvent missingTrait(ObjectNode fields, String reason) {
    return new MappedEvent(Kind.MISSING_TRAIT, fields, null, reason);
  }
}
