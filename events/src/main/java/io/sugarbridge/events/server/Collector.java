package io.sugarbridge.events.server;

import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.events.config.EventsConfig;
import io.sugarbridge.events.deadletter.DeadLetterReplay;
import io.sugarbridge.events.deadletter.DeadLetterStore;
import io.sugarbridge.events.delivery.DeliveryLog;
import io.sugarbridge.events.delivery.EventProcessor;
import io.sugarbridge.events.delivery.WaitingEvents;
import io.sugarbridge.events.journal.EventJournal;
import io.sugarbridge.events.journal.FileEventJournal;
import io.sugarbridge.events.preset.Preset;
import io.sugarbridge.events.preset.PresetCatalog;
import io.sugarbridge.events.profile.ProfileStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The collector's composition root: the stores in the configured journal directory and the {@link
 * EventProcessor} that delivers to Sugar through them, wired once for {@code events serve} ({@link
 * #forServing}: the journal and the waiting events too, under the directory's lock) and {@code
 * events replay} ({@link #forReplay}: the delivery side only, beside a running collector). A store
 * that cannot be opened is a {@link ConfigurationException} naming {@code journal}; what did open
 * is closed again.
 */
public final class Collector implements AutoCloseable {
  // Repeats come within minutes (client retries) or after a crash (the journal's unfinished tail);
  // older ones are still stopped by the messageId-derived record id.
  private static final Duration DELIVERY_LOG_KEPT = Duration.ofDays(30);

  private final Preset preset;
  private final JournalDirectoryLock lock;
  private final EventJournal journal;
  private final ProfileStore profiles;
  private final DeliveryLog log;
  private final DeadLetterStore deadLetters;
  private final WaitingEvents waiting;
  private final EventProcessor processor;

  private Collector(EventsConfig config, SugarClient client, Clock clock, boolean serving) {
    this.preset = PresetCatalog.forConfig(config);
    this.lock = serving ? JournalDirectoryLock.acquire(config.journalDirectory()) : null;
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      this.journal =
          serving
              ? opened(opened, FileEventJournal.open(config.journalDirectory().resolve("journal")))
              : null;
      this.profiles = opened(opened, ProfileStore.open(config.journalDirectory(), clock));
      this.log = opened(opened, DeliveryLog.open(config.journalDirectory(), clock));
      this.deadLetters = opened(opened, DeadLetterStore.open(config.journalDirectory(), clock));
      this.waiting =
          serving ? opened(opened, WaitingEvents.open(config.journalDirectory(), clock)) : null;
    } catch (RuntimeException e) {
      // Close what did open (the journal runs threads) and give the directory back.
      for (AutoCloseable c : opened) {
        try {
          c.close();
        } catch (Exception ignored) {
          // Already failing; the first failure is the one to report.
        }
      }
      if (lock != null) {
        lock.close();
      }
      throw new ConfigurationException(
          "journal",
          "cannot open the stores in "
              + config.journalDirectory()
              + " ("
              + e.getMessage()
              + (e.getCause() == null ? "" : ": " + e.getCause())
              + "); check journal: in the events file and that this user may write there");
    }
    this.processor =
        new EventProcessor(client, profiles, log, preset, config.consentCategory(), config.match());
  }

  /**
   * Everything a running collector needs, with the journal directory locked against a second
   * collector; forgets delivery-log entries older than 30 days.
   *
   * @throws ConfigurationException naming {@code journal} when the directory is locked or a store
   *     cannot be opened
   */
  public static Collector forServing(EventsConfig config, SugarClient client, Clock clock) {
    Collector c = new Collector(config, client, clock, true);
    c.log.forgetOlderThan(DELIVERY_LOG_KEPT);
    return c;
  }

  /**
   * The delivery side only, for replaying dead letters: no journal and no lock, so a replay may run
   * while the collector serves.
   *
   * @throws ConfigurationException naming {@code journal} when a store cannot be opened
   */
  public static Collector forReplay(EventsConfig config, SugarClient client, Clock clock) {
    return new Collector(config, client, clock, false);
  }

  /** Sends the dead letters again through this collector's processor. */
  public DeadLetterReplay replay() {
    return new DeadLetterReplay(processor, deadLetters);
  }

  public Preset preset() {
    return preset;
  }

  public EventProcessor processor() {
    return processor;
  }

  public DeadLetterStore deadLetters() {
    return deadLetters;
  }

  public DeliveryLog log() {
    return log;
  }

  /** The journal; null in a collector {@link #forReplay}. */
  public EventJournal journal() {
    return journal;
  }

  /** The events waiting for a person's traits; null in a collector {@link #forReplay}. */
  public WaitingEvents waiting() {
    return waiting;
  }

  private static <T extends AutoCloseable> T opened(List<AutoCloseable> opened, T store) {
    opened.add(store);
    return store;
  }

  /** Closes the stores (the journal first, which commits) and gives the directory back. */
  @Override
  public void close() {
    if (journal != null) {
      journal.close();
    }
    deadLetters.close();
    log.close();
    profiles.close();
    if (waiting != null) {
      waiting.close();
    }
    if (lock != null) {
      lock.close();
    }
  }
}
