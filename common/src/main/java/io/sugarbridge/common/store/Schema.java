package io.sugarbridge.common.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one kind of store is: its name in messages, the setting that names its file and what to do
 * when the file cannot be used, its {@link Durability} and busy timeout, and its ordered
 * migrations. Migration {@code n} (from 1) brings a file to version {@code n}, recorded in {@code
 * PRAGMA user_version}.
 *
 * <p>Version 1 is the schema as it was before versions were recorded, and must be written with
 * {@code IF NOT EXISTS} (and column checks): it also runs on a file of version 0 that already holds
 * the store's {@link Builder#recognisedBy tables}, completing it exactly as every open did before,
 * and that file becomes version 1.
 */
public final class Schema {
  private final String what;
  private final String setting;
  private final String fix;
  private final Durability durability;
  private final Duration busyTimeout;
  private final List<String> recognisedBy;
  private final List<Migration> migrations;

  private Schema(Builder b) {
    this.what = b.what;
    this.setting = b.setting;
    this.fix = b.fix;
    this.durability = Objects.requireNonNull(b.durability, "durability");
    this.busyTimeout = b.busyTimeout;
    this.recognisedBy = List.copyOf(b.recognisedBy);
    this.migrations = List.copyOf(b.migrations);
  }

  /**
   * A schema for the store named {@code what} in messages (e.g. "sync state store"); its durability
   * must be chosen.
   */
  public static Builder builder(String what) {
    return new Builder(what);
  }

  public String what() {
    return what;
  }

  /** The setting that names the file, or null when no setting does. */
  public String setting() {
    return setting;
  }

  /** What a user can do when the file cannot be used, as the end of a sentence. */
  public String fix() {
    return fix;
  }

  public Durability durability() {
    return durability;
  }

  public Duration busyTimeout() {
    return busyTimeout;
  }

  /** Tables a file of version 0 must hold to be taken for one of this store's files. */
  public List<String> recognisedBy() {
    return recognisedBy;
  }

  public List<Migration> migrations() {
    return migrations;
  }

  /** The version a file has after every migration: the number of migrations. */
  public int latestVersion() {
    return migrations.size();
  }

  /** Builds a {@link Schema}. */
  public static final class Builder {
    private final String what;
    private String setting;
    private String fix = "move the file away to start with an empty store";
    private Durability durability;
    private Duration busyTimeout = Duration.ofSeconds(3);
    private final List<String> recognisedBy = new ArrayList<>();
    private final List<Migration> migrations = new ArrayList<>();

    private Builder(String what) {
      this.what = Objects.requireNonNull(what, "what");
    }

    /**
     * The setting that names the file (e.g. {@code --state}); the problem is reported against it.
     * Without one, against the file.
     */
    public Builder setting(String name) {
      this.setting = name;
      return this;
    }

    /** What to do when the file cannot be used, e.g. "pass another --state file". */
    public Builder fix(String text) {
      this.fix = Objects.requireNonNull(text, "fix");
      return this;
    }

    public Builder durability(Durability d) {
      this.durability = d;
      return this;
    }

    /** How long a statement waits for another connection's lock before failing (default 3 s). */
    public Builder busyTimeout(Duration d) {
      this.busyTimeout = Objects.requireNonNull(d, "busyTimeout");
      return this;
    }

    /** The tables that mark a file of version 0 as one of this store's (see {@link Schema}). */
    public Builder recognisedBy(String... tables) {
      recognisedBy.addAll(List.of(tables));
      return this;
    }

    /** The next migration: the first call is version 1. */
    public Builder migration(Migration m) {
      migrations.add(Objects.requireNonNull(m, "migration"));
      return this;
    }

    public Schema build() {
      if (!migrations.isEmpty() && recognisedBy.isEmpty()) {
        throw new IllegalStateException(
            "a versioned schema names the tables that recognise its version-0 files");
      }
      return new Schema(this);
    }
  }
}
