package io.sugarbridge.identity.directory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The users read from Sugar in one pass: the live ones (not soft-deleted), the soft-deleted ones,
 * and look-ups by id and by user name (case-insensitive, as Sugar compares them).
 */
public final class UserList {
  private final List<SugarUser> live = new ArrayList<>();
  private final List<SugarUser> deleted = new ArrayList<>();
  private final Map<String, SugarUser> byId = new HashMap<>();
  private final Map<String, SugarUser> liveByName = new HashMap<>();
  private final List<String> extraFields;

  public UserList(List<SugarUser> all, List<String> extraFields) {
    this.extraFields = List.copyOf(extraFields);
    for (SugarUser u : all) {
      if (u.id() == null || byId.containsKey(u.id())) {
        // A page boundary that moved while reading can repeat a user; keep the first copy.
        continue;
      }
      byId.put(u.id(), u);
      if (u.deleted()) {
        deleted.add(u);
      } else {
        live.add(u);
        if (u.userName() != null) {
          liveByName.put(key(u.userName()), u);
        }
      }
    }
  }

  /** Users that are not soft-deleted, active or not, in Sugar's order. */
  public List<SugarUser> live() {
    return Collections.unmodifiableList(live);
  }

  public List<SugarUser> deleted() {
    return Collections.unmodifiableList(deleted);
  }

  /** Any user with this id, deleted or not. */
  public Optional<SugarUser> byId(String id) {
    return Optional.ofNullable(id == null ? null : byId.get(id));
  }

  /** The live user with this login name (case-insensitive). */
  public Optional<SugarUser> liveByUserName(String userName) {
    return Optional.ofNullable(userName == null ? null : liveByName.get(key(userName)));
  }

  public List<String> extraFields() {
    return extraFields;
  }

  static String key(String userName) {
    return userName.trim().toLowerCase(Locale.ROOT);
  }
}
