package io.sugarbridge.sync.state;

import io.sugarbridge.common.error.SugarbridgeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where a sync's state lives: one SQLite file per sync, Sugar instance and user, {@code
 * .sugarbridge/<name>.<hash>.state.db} ({@link SugarInstance#shortHash()}), with the instance
 * recorded inside and checked on every open. Pointing a sync at another instance is therefore a
 * first run there (no state, no ids of the other instance), and pointing it back finds the old
 * state untouched.
 *
 * <p>A file written before state was kept per instance ({@code .sugarbridge/<name>.state.db}, no
 * instance inside) is claimed by the first run after the upgrade whose instance holds its records:
 * the caller's check looks a sample of the file's Sugar ids up in the instance; if none of them is
 * there the file belongs elsewhere, is left alone and the run is a first run. A claimed file is
 * renamed to its instance's name, with a one-line notice. Reading commands ({@code plan}, {@code
 * runs}) read such a file as it is, never claim or create anything.
 */
public final class StateFiles {
  private StateFiles() {}

  /** The store of sync {@code name} for {@code instance}. */
  public static Path instanceFile(Path stateDir, String name, SugarInstance instance) {
    return stateDir.resolve(name + "." + instance.shortHash() + ".state.db");
  }

  /** The store as versions before per-instance state named it. */
  public static Path legacyFile(Path stateDir, String name) {
    return stateDir.resolve(name + ".state.db");
  }

  /**
   * Opens, creating if needed, the store of this sync and instance for a run; claims an earlier
   * version's file when {@code ownsLegacy} says its records are on this instance.
   *
   * @param ownsLegacy asked only about an unclaimed earlier-version file
   * @param notices told, in one line, when such a file is claimed or left alone
   */
  public static SyncState openForRun(
      Path stateDir,
      String name,
      SugarInstance instance,
      Clock clock,
      Predicate<SyncState> ownsLegacy,
      Consumer<String> notices) {
    Path file = instanceFile(stateDir, name, instance);
    if (!Files.exists(file)) {
      Path legacy = legacyFile(stateDir, name);
      if (Files.exists(legacy) && legacyBelongsHere(legacy, instance, clock, ownsLegacy, notices)) {
        claim(legacy, file, instance, clock);
        notices.accept(
            "State file "
                + legacy
                + " from an earlier version now belongs to "
                + instance
                + " (renamed to "
                + file.getFileName()
                + "); other instances start with a state of their own.");
      }
    }
    SyncState state = SyncState.open(file, clock);
    return checked(state, file, instance, true);
  }

  /**
   * Opens the store of this sync and instance for reading, creating nothing: this instance's file,
   * else an unclaimed earlier-version file when {@code ownsLegacy} (null: do not ask) accepts it,
   * else an empty store in memory.
   */
  public static SyncState openForReading(
      Path stateDir,
      String name,
      SugarInstance instance,
      Clock clock,
      Predicate<SyncState> ownsLegacy,
      Consumer<String> notices) {
    Path file = instanceFile(stateDir, name, instance);
    if (Files.exists(file)) {
      return checked(SyncState.openExisting(file, clock), file, instance, false);
    }
    Path legacy = legacyFile(stateDir, name);
    if (Files.exists(legacy)) {
      SyncState old = SyncState.openExisting(legacy, clock);
      boolean unclaimed;
      boolean use;
      try {
        unclaimed = old.instance() == null;
        use = unclaimed && (ownsLegacy == null || hasNoSyncedIds(old) || ownsLegacy.test(old));
      } catch (RuntimeException e) {
        old.close();
        throw e;
      }
      if (use) {
        notices.accept(
            "Reading state file "
                + legacy
                + " from an earlier version, not yet tied to an instance; the next sync against "
                + instance
                + (ownsLegacy == null ? " claims it if its records are there." : " claims it."));
        return old;
      }
      old.close();
      if (unclaimed) {
        notices.accept(
            "State file "
                + legacy
                + " from an earlier version holds none of the records on "
                + instance
                + "; planning as a first run there.");
      }
    }
    return SyncState.empty(clock);
  }

  private static boolean legacyBelongsHere(
      Path legacy,
      SugarInstance instance,
      Clock clock,
      Predicate<SyncState> ownsLegacy,
      Consumer<String> notices) {
    try (SyncState old = SyncState.openExisting(legacy, clock)) {
      SugarInstance owner = old.instance();
      if (owner != null) {
        return owner.equals(instance);
      }
      if (hasNoSyncedIds(old) || ownsLegacy.test(old)) {
        return true;
      }
    }
    notices.accept(
        "State file "
            + legacy
            + " from an earlier version holds none of the records on "
            + instance
            + ", so it is left as it is and this is a first run there.");
    return false;
  }

  private static boolean hasNoSyncedIds(SyncState s) {
    return s.syncedIds(1).isEmpty();
  }

  /** Records the instance in the old file, then gives the file its instance's name. */
  private static void claim(Path legacy, Path file, SugarInstance instance, Clock clock) {
    try (SyncState old = SyncState.open(legacy, clock)) {
      old.claim(instance);
    }
    try {
      // Closing the last connection checkpointed and removed -wal and -shm; move any left over.
      for (String suffix : new String[] {"-wal", "-shm"}) {
        Path side = Path.of(legacy + suffix);
        if (Files.exists(side)) {
          Files.move(side, Path.of(file + suffix), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      Files.move(legacy, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new SugarbridgeException(
          "Cannot rename the state file "
              + legacy
              + " to "
              + file
              + ": "
              + e.getMessage()
              + ". Check the folder is writable",
          e);
    }
  }

  private static SyncState checked(
      SyncState state, Path file, SugarInstance instance, boolean claimIfNew) {
    SugarInstance owner;
    try {
      owner = state.instance();
      if (owner == null && claimIfNew) {
        state.claim(instance);
        return state;
      }
    } catch (RuntimeException e) {
      state.close();
      throw e;
    }
    if (owner != null && !owner.equals(instance)) {
      state.close();
      throw new SugarbridgeException(
          "The state file "
              + file
              + " belongs to "
              + owner
              + ", not to "
              + instance
              + " (copied or renamed by hand?). Move it back, or delete it to start afresh on "
              + instance);
    }
    return state;
  }
}
