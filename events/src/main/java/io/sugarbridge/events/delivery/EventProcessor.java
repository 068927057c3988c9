package io.sugarbridge.events.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.error.ValidationException;
import io.sugarbridge.client.meta.FieldDefinition;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordPage;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.events.config.EventsConfig.MatchRule;
import io.sugarbridge.events.model.EventMessage;
import io.sugarbridge.events.preset.MappedEvent;
import io.sugarbridge.events.preset.Preset;
import io.sugarbridge.events.preset.RecordMapper;
import io.sugarbridge.events.profile.ProfileStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one event: skips a messageId already finished, keeps the person's traits, lets the
 * preset build the record, and writes it to Sugar through the shared client.
 *
 * <p>Exactly once in Sugar: a created record's id is derived from the event's messageId (a
 * name-based UUID), and Sugar refuses a second create with the same id ("Record already exists").
 * So when the collector dies after Sugar created the record but before the outcome was logged, the
 * event read again after the restart meets that refusal and is logged as created with that id,
 * instead of creating a second record; a retry after a timeout does the same. With {@code match:
 * email} the second attempt finds the record by email and updates it with the same values.
 *
 * <p>Failures are returned as a dead-letter outcome when a person must act, and thrown as {@link
 * RetryLater} when trying again later can succeed.
 */
public final class EventProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(EventProcessor.class);
  private static final Set<String> FILLED_BY_SUGAR =
      Set.of("id", "fullname", "link", "relate", "assigned_user_name", "datetime");

  private final SugarClient client;
  private final ProfileStore profiles;
  private final DeliveryLog log;
  private final Preset preset;
  private final String consentCategory;
  private final MatchRule match;
  private final FailureExplainer failures;
  // The traits a delivery reads: a full profile drops the others first.
  private final Set<String> mappedTraits;
  private final Object[] emailLocks = new Object[64];
  private volatile RecordMapper mapper;

  /** A failure that may pass by itself (rate limit, server error, login); try again later. */
  public static final class RetryLater extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RetryLater(RuntimeException cause) {
      super(cause.getMessage(), cause);
    }
  }

  public EventProcessor(
      SugarClient client,
      ProfileStore profiles,
      DeliveryLog log,
      Preset preset,
      String consentCategory,
      MatchRule match) {
    this.client = client;
    this.profiles = profiles;
    this.log = log;
    this.preset = preset;
    this.consentCategory = consentCategory;
    this.match = match;
    this.failures = new FailureExplainer(preset.module());
    Set<String> read = new HashSet<>(preset.traits().keySet());
    read.add(preset.consentTrait().replace("{category}", consentCategory));
    this.mappedTraits = Set.copyOf(read);
    for (int i = 0; i < emailLocks.length; i++) {
      emailLocks[i] = new Object();
    }
  }

  /**
   * The people (person keys and anonymous ids) whose traits this event may have changed, so that
   * their events waiting for a trait are tried again; empty for an event that brings no traits.
   */
  public Set<String> peopleTouchedBy(EventMessage event) {
    boolean ties = "alias".equals(event.type()) || "identify".equals(event.type());
    if (event.traits().isEmpty() && !ties) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    if (event.personKey() != null) {
      out.add(event.personKey());
    }
    if (event.anonymousId() != null) {
      out.add(event.anonymousId());
      String user = profiles.linkedUser(event.anonymousId());
      if (user != null) {
        out.add(user);
      }
    }
    String previous = event.properties().path("previousId").asText(null);
    if ("alias".equals(event.type()) && previous != null) {
      out.add(previous);
    }
    return out;
  }

  /** The id a record created for this messageId gets, the same on every attempt. */
  public static String recordIdFor(String messageId) {
    return UUID.nameUUIDFromBytes(
            ("sugarbridge-event:" + messageId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * Delivers an event read from the journal at {@code sequence}, once per messageId.
   *
   * @throws RetryLater when the outcome may change by trying again later
   */
  public DeliveryOutcome deliver(EventMessage event, long sequence) {
    Optional<DeliveryLog.Finished> done = log.find(event.messageId());
    if (done.isPresent()) {
      return DeliveryOutcome.of(
          DeliveryState.DUPLICATE,
          null,
          done.get().recordId(),
          "messageId " + event.messageId() + " was already " + done.get().state().label());
    }
    ObjectNode traits;
    List<String> dropped;
    try {
      if ("alias".equals(event.type())) {
        profiles.alias(event.userId(), event.properties().path("previousId").asText(null));
      }
      ProfileStore.Merged merged =
          profiles.merge(event.personKey(), event.anonymousId(), event.traits(), mappedTraits);
      traits = merged.traits();
      dropped = merged.dropped();
    } catch (ProfileStore.TooLarge e) {
      return new DeliveryOutcome(
          DeliveryState.DEAD_LETTERED, null, null, "Not sent: " + e.getMessage() + ".", 0, null);
    }
    DeliveryOutcome outcome = write(event, traits);
    if (!dropped.isEmpty()) {
      LOG.warn(
          "event {}: its person's profile reached {} bytes; dropped the stored traits {}",
          event.messageId(),
          ProfileStore.MAX_PROFILE_BYTES,
          dropped);
      outcome =
          new DeliveryOutcome(
              outcome.state(),
              outcome.sugarPayload(),
              outcome.recordId(),
              outcome.detail()
                  + "; the person's profile reached its limit of "
                  + ProfileStore.MAX_PROFILE_BYTES
                  + " bytes, so the stored traits "
                  + String.join(", ", dropped.stream().limit(10).toList())
                  + (dropped.size() > 10 ? " and " + (dropped.size() - 10) + " more" : "")
                  + " were dropped (not mapped ones first)",
              outcome.httpStatus(),
              outcome.sugarError());
    }
    if (outcome.state() != DeliveryState.DEAD_LETTERED
        && outcome.state() != DeliveryState.WAITING) {
      log.finished(
          event.messageId(), sequence, outcome.state(), outcome.recordId(), outcome.detail());
    }
    return outcome;
  }

  /**
   * Delivers a dead-lettered event again, with the person's traits as they are now laid under the
   * event's own (so an identify sent since then fills a missing trait), without storing them.
   *
   * @throws RetryLater when the outcome may change by trying again later
   */
  public DeliveryOutcome replay(EventMessage event, long sequence) {
    DeliveryOutcome o = retry(event, sequence);
    return o.state() == DeliveryState.WAITING ? deadLetter(o) : o;
  }

  /**
   * Like {@link #replay}, for an event that waits for its person's traits: still lacking them, it
   * stays {@link DeliveryState#WAITING}.
   *
   * @throws RetryLater when the outcome may change by trying again later
   */
  public DeliveryOutcome retry(EventMessage event, long sequence) {
    Optional<DeliveryLog.Finished> done = log.find(event.messageId());
    if (done.isPresent() && done.get().state() != DeliveryState.DEAD_LETTERED) {
      return DeliveryOutcome.of(
          DeliveryState.DUPLICATE,
          null,
          done.get().recordId(),
          "messageId " + event.messageId() + " was already " + done.get().state().label());
    }
    ObjectNode traits = profiles.current(event.personKey(), event.anonymousId());
    traits.setAll(event.traits());
    DeliveryOutcome outcome = write(event, traits);
    if (outcome.state() != DeliveryState.DEAD_LETTERED
        && outcome.state() != DeliveryState.WAITING) {
      log.finished(
          event.messageId(), sequence, outcome.state(), outcome.recordId(), outcome.detail());
    }
    return outcome;
  }

  /** A waiting outcome made final: the event becomes a dead letter naming the missing trait. */
  public static DeliveryOutcome deadLetter(DeliveryOutcome waiting) {
    return notSent(waiting.sugarPayload(), waiting.detail());
  }

  /** A dead letter of an event that could not be sent as it is, saying why and what to do. */
  private static DeliveryOutcome notSent(ObjectNode payload, String reason) {
    return new DeliveryOutcome(
        DeliveryState.DEAD_LETTERED,
        payload,
        null,
        "Not sent: " + reason + ". Then run sugarbridge events replay.",
        0,
        null);
  }

  private DeliveryOutcome write(EventMessage event, ObjectNode traits) {
    MappedEvent mapped = mapper().map(event, traits);
    if (mapped.kind() == MappedEvent.Kind.NO_ACTION) {
      return DeliveryOutcome.of(DeliveryState.NO_ACTION, null, null, mapped.reason());
    }
    if (mapped.kind() == MappedEvent.Kind.MISSING_TRAIT) {
      // The deliverer decides whether to wait for the person's identify or dead-letter it now.
      return DeliveryOutcome.of(DeliveryState.WAITING, mapped.fields(), null, mapped.reason());
    }
    if (mapped.kind() == MappedEvent.Kind.INVALID) {
      return notSent(mapped.fields(), mapped.reason());
    }
    ObjectNode fields = mapped.fields();
    try {
      if (match == MatchRule.EMAIL && mapped.email() != null) {
        // Two people's lanes may carry the same email at once: look up and write under one lock
        // per email, or both would find nothing and create two records.
        synchronized (emailLocks[Math.floorMod(mapped.email().hashCode(), emailLocks.length)]) {
          ObjectNode existing = findByEmail(mapped.email());
          if (existing != null) {
            String existingId = existing.path("id").asText();
            ObjectNode update = withAddressesKept(fields, existing.path("email"));
            ObjectNode r = client.records().update(preset.module(), existingId, update);
            return DeliveryOutcome.of(
                DeliveryState.UPDATED, update, r.path("id").asText(existingId), "updated");
          }
          return create(event, fields);
        }
      }
      return create(event, fields);
    } catch (SugarbridgeException e) {
      FailureExplainer.Permanent p = failures.permanent(e);
      if (p == null) {
        throw new RetryLater(e);
      }
      return new DeliveryOutcome(
          DeliveryState.DEAD_LETTERED, fields, null, p.reason(), p.httpStatus(), p.sugarError());
    }
  }

  private DeliveryOutcome create(EventMessage event, ObjectNode fields) {
    String id = recordIdFor(event.messageId());
    ObjectNode body = fields.deepCopy();
    body.put("id", id);
    try {
      ObjectNode r = client.records().create(preset.module(), body);
      return DeliveryOutcome.of(DeliveryState.CREATED, fields, r.path("id").asText(id), "created");
    } catch (ValidationException e) {
      if (e.serverMessage() != null && e.serverMessage().startsWith("Record already exists")) {
        // A previous attempt created it; Sugar's answer or our log of it was lost.
        return DeliveryOutcome.of(
            DeliveryState.CREATED, fields, id, "created (by an earlier attempt)");
      }
      throw e;
    }
  }

  private ObjectNode findByEmail(String email) {
    RecordPage page =
        client
            .records()
            .list(
                preset.module(),
                RecordQuery.where(Filter.field("email").equalTo(email))
                    .withFields("id", "email")
                    .orderBy("date_entered:asc")
                    .withPageSize(1));
    return page.records().isEmpty() ? null : page.records().get(0);
  }

  /**
   * Sugar's {@code email} array replaces a record's whole set of addresses, so an update that sent
   * only the sign-up address would delete the person's other addresses. This keeps every other
   * address with its own flags (no longer primary when the new one is), and puts the mapped
   * address, with its consent-derived {@code opt_out}, in place of the matching one.
   */
  static ObjectNode withAddressesKept(ObjectNode fields, JsonNode existingEmails) {
    JsonNode mappedEmails = fields.path("email");
    if (!mappedEmails.isArray() || !existingEmails.isArray() || existingEmails.isEmpty()) {
      return fields;
    }
    ObjectNode update = fields.deepCopy();
    ArrayNode merged = update.putArray("email");
    mappedEmails.forEach(merged::add);
    boolean mappedHasPrimary = false;
    Set<String> mapped = new HashSet<>();
    for (JsonNode m : mappedEmails) {
      mapped.add(m.path("email_address").asText().toLowerCase(Locale.ROOT));
      mappedHasPrimary |= m.path("primary_address").asBoolean(false);
    }
    for (JsonNode e : existingEmails) {
      String address = e.path("email_address").asText("");
      if (address.isEmpty() || mapped.contains(address.toLowerCase(Locale.ROOT))) {
        continue;
      }
      ObjectNode kept = merged.addObject();
      kept.put("email_address", address);
      kept.put("primary_address", !mappedHasPrimary && e.path("primary_address").asBoolean(false));
      kept.put("opt_out", e.path("opt_out").asBoolean(false));
      kept.put("invalid_email", e.path("invalid_email").asBoolean(false));
      kept.put("reply_to_address", e.path("reply_to_address").asBoolean(false));
    }
    return update;
  }

  /** Sugar's metadata of the module changed: its required and known fields are read again. */
  public void metadataChanged() {
    mapper = null;
  }

  private RecordMapper mapper() {
    RecordMapper m = mapper;
    if (m == null) {
      try {
        List<String> required = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (FieldDefinition f : client.metadata().fields(preset.module()).values()) {
          known.add(f.name());
          if (f.required() && !FILLED_BY_SUGAR.contains(f.type()) && !f.name().equals("id")) {
            required.add(f.name());
          }
        }
        m = new RecordMapper(preset, consentCategory, required, known);
        mapper = m;
      } catch (SugarbridgeException e) {
        if (failures.permanent(e) == null) {
          throw new RetryLater(e);
        }
        // Without the module's metadata nothing can be checked; the write will say why.
        m = new RecordMapper(preset, consentCategory, List.of());
      }
    }
    return m;
  }
}
