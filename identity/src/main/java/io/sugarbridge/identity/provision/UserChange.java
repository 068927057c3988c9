package io.sugarbridge.identity.provision;

import io.sugarbridge.identity.directory.SugarUser;
import java.util.List;

/**
 * What the plan does to one user: create, update (which fields, old and new), deactivate, leave
 * unchanged, or cannot do (the reason). Role links to add and remove are listed by role name.
 * {@code desired} is null for a user deactivated because it is missing from the file; {@code
 * current} is null for a create.
 */
public record UserChange(
    Kind kind,
    String userName,
    DesiredUser desired,
    SugarUser current,
    List<FieldChange> fields,
    List<String> rolesAdded,
    List<String> rolesRemoved,
    String error) {

  /** The kinds of change, in the words of the plan. */
  public enum Kind {
    CREATE,
    UPDATE,
    DEACTIVATE,
    UNCHANGED,
    ERROR
  }

  /** One field's old and new value ({@code manager} is shown by user name). */
  public record FieldChange(String field, String before, String after) {}

  public UserChange {
    fields = List.copyOf(fields);
    rolesAdded = List.copyOf(rolesAdded);
    rolesRemoved = List.copyOf(rolesRemoved);
  }
}
