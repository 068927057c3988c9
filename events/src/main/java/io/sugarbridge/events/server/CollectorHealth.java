package io.sugarbridge.events.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.sugarbridge.common.config.KnownSecrets;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.delivery.Deliverer;
import io.sugarbridge.events.delivery.PermanentFailures;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.preset.Preset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The collector's health as {@code GET /healthz} reports it: {@code status} ok, retrying (delivery
 * held up by something that may pass) or failing, and {@code problems}, one entry per thing wrong
 * ({@code check}, {@code status}, {@code reason}, {@code acceptsEvents}); the endpoint answers 503
 * when one of them means events cannot be taken or kept.
 */
final class CollectorHealth {
  /** How many deliveries in a row must fail permanently before {@code /healthz} says failing. */
  static final int PERMANENT_FAILURES_SHOWN = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventsConfig config;
  private final Preset preset;
  private final MappingSettings settings;
  private final EventJournal journal;
  private final Deliverer deliverer;
  private final DeadLetterStore deadLetters;
  private final Supplier<String> configurationProblem;

  CollectorHealth(
      EventsConfig config,
      Preset preset,
      EventJournal journal,
      Deliverer deliverer,
      DeadLetterStore deadLetters,
      Supplier<String> configurationProblem) {
    this.config = config;
    this.preset = preset;
    this.settings = new MappingSettings(preset, config.mappings());
    this.journal = journal;
    this.deliverer = deliverer;
    this.deadLetters = deadLetters;
    this.configurationProblem = configurationProblem;
  }

  /** Adds {@code GET /healthz}. */
  void register(Javalin app) {
    app.get(
        "/healthz",
        ctx -> {
          ObjectNode h = now();
          // 503 only when events cannot be taken or kept; delivery trouble is in status.
          boolean refuses = false;
          for (JsonNode p : h.path("problems")) {
            refuses |= !p.path("acceptsEvents").asBoolean(true);
          }
          ctx.status(refuses ? 503 : 200)
              .contentType(ContentType.APPLICATION_JSON)
              .result(h.toString());
        });
  }

  /** The health now, as {@code /healthz} answers it. */
  ObjectNode now() {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode problems = JSON.createArrayNode();
    String journalFailure = journal.failure();
    if (journalFailure != null) {
      problem(problems, "journal", "failing", journalFailure, false);
    }
    String died = deliverer.died();
    if (died != null) {
      problem(problems, "deliverer", "failing", died + "; restart the collector", false);
    }
    String config = configurationProblem.get();
    if (config != null) {
      problem(problems, "configuration", "failing", config, true);
    }
    PermanentFailures permanent = deliverer.permanentFailures(PERMANENT_FAILURES_SHOWN);
    if (permanent != null) {
      problem(
          problems, "delivery", "failing", KnownSecrets.scrub(deliveryFailing(permanent)), true);
    }
    String retrying = deliverer.recentRetryReason(Duration.ofMinutes(1));
    if (retrying != null) {
      problem(problems, "delivery", "retrying", retrying, true);
    }
    boolean failing = false;
    for (JsonNode p : problems) {
      failing |= p.path("status").asText().equals("failing");
    }
    n.put("status", failing ? "failing" : retrying != null ? "retrying" : "ok");
    n.set("problems", problems);
    if (retrying != null) {
      n.put("deliveryProblem", retrying);
    }
    n.put("preset", preset.name());
    n.put("module", preset.module());
    n.put("journalLast", journal.last());
    n.put("journalCommitted", journal.committed());
    n.put("journalLag", journal.last() - journal.committed());
    n.put("inFlight", deliverer.inFlight());
    n.put("deadLettersWaiting", deadLetters.waitingCount());
    n.put("waitingForTraits", deliverer.waitingCount());
    return n;
  }

  /**
   * Why every recent delivery failed, by kind only: how many, Sugar's status and error code, the
   * fields at fault (names, never values) with the setting that maps each, and what to do. Sugar's
   * own words echo people's data, so they stay with the dead letters, which {@code events replay
   * --list} shows to the operator.
   */
  private String deliveryFailing(PermanentFailures p) {
    String module = preset.module();
    Set<String> mapped = new LinkedHashSet<>(preset.traits().values());
    mapped.addAll(preset.properties().values());
    mapped.addAll(preset.defaults().keySet());
    if (preset.campaignField() != null) {
      mapped.add(preset.campaignField());
    }
    int status = p.httpStatus();
    boolean data = status == 0 || status == 400 || status == 409 || status == 412 || status == 422;
    // A refusal of the user or the module is about no field, even when Sugar echoes the record.
    List<String> fields = data ? p.fieldsNamed(mapped) : List.of();
    StringBuilder b = new StringBuilder();
    b.append("the last ").append(p.count()).append(" deliveries all failed permanently");
    if (p.httpStatus() == 0) {
      b.append(" (not sent to Sugar: the events could not be made into ")
          .append(module)
          .append(" records)");
    } else {
      b.append(" (Sugar answered ").append(p.httpStatus());
      if (p.errorCode() != null) {
        b.append(' ').append(p.errorCode());
      }
      b.append(')');
    }
    if (!fields.isEmpty()) {
      List<String> named = new ArrayList<>();
      for (String f : fields) {
        String setting = settings.of(f);
        named.add(f + (setting == null ? "" : " (" + setting + ")"));
      }
      b.append("; field ").append(String.join(", ", named));
    }
    b.append("; ");
    if (status == 403) {
      b.append("the API user ")
          .append(config.sugar().username())
          .append(" may not create or edit ")
          .append(module)
          .append(" records: give the user's role create and edit access to ")
          .append(module)
          .append(" (Admin > Role Management), or use another user in the connection file");
    } else if (status == 404) {
      b.append("Sugar has no module ")
          .append(module)
          .append(" for this user: correct module: in the events file (case-sensitive, e.g.")
          .append(" Leads) and check that the module is enabled");
    } else if (data) {
      b.append(
          fields.isEmpty()
              ? "fix the traits the senders send or the mappings: in the events file"
              : "fix the trait the senders send for that field, or its mapping under mappings: in"
                  + " the events file");
    } else {
      b.append("check what Sugar says about the records");
    }
    b.append("; see `sugarbridge events replay --list` for details, then run")
        .append(" `sugarbridge events replay`");
    return b.toString();
  }

  private static void problem(
      ArrayNode problems, String check, String status, String reason, boolean acceptsEvents) {
    problems
        .addObject()
        .put("check", check)
        .put("status", status)
        .put("reason", reason)
        .put("acceptsEvents", acceptsEvents);
  }
}
