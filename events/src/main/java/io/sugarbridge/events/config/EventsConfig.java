package io.sugarbridge.events.config;

import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.common.config.Secret;
import io.sugarbridge.events.ingest.IngestSettings;
import java.nio.file.Path;

/**
 * The validated contents of an {@code events.yaml}: where the Sugar connection file is, where the
 * collector listens and which write keys and browser origins it accepts, which preset maps events
 * to which module, how consent and matching work, and where the journal, profiles and dead letters
 * live. Built only by {@link EventsConfigFile}, which reports every problem at once.
 *
 * @param sugarConnectionFile the {@code check} connection file, resolved against the events file
 * @param sugar the connection read from that file (its platform is never base, mobile or portal)
 * @param host the address to bind, default 127.0.0.1
 * @param port the port to bind, default 8088
 * @param ingest what the endpoints accept: write keys (by name, in the order written), browser
 *     origins, the per-write-key rate limit and body limits
 * @param preset the preset name (lead_capture)
 * @param module the Sugar module records go to, default from the preset (Leads)
 * @param consentCategory the consent category that decides {@code opt_out}, default marketing
 * @param match none (always create, as the seed does) or email (update the record with that primary
 *     email)
 * @param journalDirectory where the journal, profiles, delivery log and dead letters live
 * @param mappings what {@code mappings:} changes in the preset
 * @param debugger who may open the event debugger, which shows people's personal data
 * @param waitForIdentify how long an event that lacks a required trait waits for the person's
 *     {@code identify} before it becomes a dead letter (zero: at once)
 */
public record EventsConfig(
    Path sugarConnectionFile,
    SugarClientConfig sugar,
    String host,
    int port,
    IngestSettings ingest,
    String preset,
    String module,
    String consentCategory,
    MatchRule match,
    Path journalDirectory,
    MappingOverrides mappings,
    DebuggerAccess debugger,
    java.time.Duration waitForIdentify) {
  /** The default of {@code wait_for_identify}. */
  public static final java.time.Duration DEFAULT_WAIT_FOR_IDENTIFY =
      java.time.Duration.ofMinutes(5);

  /** The longest {@code wait_for_identify} accepted. */
  public static final java.time.Duration MAX_WAIT_FOR_IDENTIFY = java.time.Duration.ofDays(7);

  /** How repeated sign-ups of one person are written. */
  public enum MatchRule {
    /** Every acting event creates a record (the seed's behaviour). */
    NONE,
    /** An existing record with the same primary email is updated instead. */
    EMAIL
  }

  /**
   * Who may open {@code /debugger} and {@code /debugger/events}. The collector often has to listen
   * on a public address (browsers post to it), and the debugger shows the names, emails and phone
   * numbers of the last people who signed up, so by default only this machine may see it.
   */
  public enum DebuggerAccess {
    /** Only requests from this machine (a loopback address, not forwarded by a proxy). */
    LOCAL,
    /** Anyone who can reach the collector (put it behind your own access control). */
    OPEN
  }

  /** The first write key, which {@code events send-test} uses. */
  public Secret firstWriteKey() {
    return ingest.writeKeys().values().iterator().next();
  }

  /** The same settings listening on another port (the {@code --port} option). */
  public EventsConfig withPort(int newPort) {
    return new EventsConfig(
        sugarConnectionFile,
        sugar,
        host,
        newPort,
        ingest,
        preset,
        module,
        consentCategory,
        match,
        journalDirectory,
        mappings,
        debugger,
        waitForIdentify);
  }

  /** The collector's base URL as a browser or a Segment library would use it. */
  public String baseUrl() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
