package io.sugarbridge.contract.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The records one test class creates. Names carry the run's unique prefix so filters can isolate
 * them from existing data on a real instance, and {@link #close()} deletes every tracked record
 * (newest first) when the class is done. Nothing that was not created here is ever changed.
 */
public final class Scratch implements AutoCloseable {
  private final SugarWire wire;
  private final Deque<String[]> created = new ArrayDeque<>();

  public Scratch(SugarWire wire) {
    this.wire = wire;
  }

  /** The run's prefix, e.g. {@code sbct3f9a1c_}. */
  public String prefix() {
    return wire.target().runPrefix();
  }

  /** A name unique to this run: prefix + suffix. */
  public String name(String suffix) {
    return prefix() + suffix;
  }

  /** An e-mail address unique to this run, under example.com (never deliverable). */
  public String email(String local) {
    return (prefix() + local).toLowerCase(Locale.ROOT) + "@example.com";
  }

  /** Creates a record with {@code POST /{module}}, asserts 200, tracks it and returns it. */
  public JsonNode create(String module, ObjectNode fields) {
    Reply r = wire.post("/" + module, fields);
    JsonNode rec = SugarAssertions.assertOk(r);
    assertThat(rec.path("id").asText()).as("id of created record in %s", r).isNotBlank();
    track(module, rec.path("id").asText());
    return rec;
  }

  /**
   * Tracks the record a request that should have been refused created anyway, so a failing test
   * leaves nothing behind; does nothing for a refusal.
   */
  public void trackIfCreated(String module, Reply r) {
    if (r.status() == 200 && r.json().path("id").isTextual()) {
      track(module, r.json().path("id").asText());
    }
  }

  /**
   * A body for {@code POST /Users}: an active user named by this run, with the {@code license_type}
   * v11_6+ requires.
   */
  public ObjectNode userBody(String suffix) {
    return Json.obj(
        "user_name",
        name(suffix),
        "first_name",
        "Sbct",
        "last_name",
        name(suffix),
        "status",
        "Active",
        "license_type",
        List.of("CURRENT"));
  }

  /** Remembers a record created some other way (bulk, links, /integrate) for deletion. */
  public void track(String module, String id) {
    synchronized (created) {
      created.push(new String[] {module, id});
    }
  }

  @Override
  public void close() {
    synchronized (created) {
      while (!created.isEmpty()) {
        String[] r = created.pop();
        try {
          Reply d = wire.delete("/" + r[0] + "/" + r[1]);
          if (d.status() == 401) {
            // A test ended the suite's session (logout, expiry, a second login): log in again.
            wire.forgetSession();
            wire.delete("/" + r[0] + "/" + r[1]);
          }
        } catch (RuntimeException e) {
          // Best effort: a record that cannot be deleted (already gone, server down) must not
          // hide the test results; its prefixed name makes it easy to find by hand.
        }
      }
    }
  }
}
