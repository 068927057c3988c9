package io.sugarbridge.identity.provision;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.records.EmailAddressRule;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.common.error.ConfigurationException;
import io.sugarbridge.identity.directory.SugarUser;
import io.sugarbridge.identity.directory.UserList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Compares the desired users with Sugar's and plans the changes, as {@code terraform plan} does:
 * creates in an order where each manager comes before their reports (so {@code reports_to_id} can
 * be set at once), field updates with old and new values, role links added and removed (when the
 * file manages roles), and deactivation of active users missing from the file when asked. Reads
 * only; nothing is written.
 */
public final class ProvisioningPlanner {
  /** Subscription key for new users when neither the file nor the command line names one. */
  public static final List<String> DEFAULT_LICENSE_TYPES = List.of("CURRENT");

  private final SugarClient client;

  public ProvisioningPlanner(SugarClient client) {
    this.client = client;
  }

  /** The role names of Sugar (ACLRoles), by lower-case name. */
  public Map<String, ObjectNode> roles() {
    Map<String, ObjectNode> roles = new HashMap<>();
    client.records().stream(
            "ACLRoles", RecordQuery.all().withFields("id", "name").withPageSize(1000))
        .forEach(r -> roles.put(r.path("name").asText("").toLowerCase(Locale.ROOT), r));
    return roles;
  }

  /**
   * The role names of every user who has any, by user id, read role by role ({@code
   * /ACLRoles/{id}/link/users}, paged): a request or two per role instead of one per user, which
   * for a file of thousands of users took minutes at the client's request pace.
   */
  private Map<String, List<String>> rolesByUser(Map<String, ObjectNode> roles) {
    Map<String, List<String>> byUser = new HashMap<>();
    List<ObjectNode> byName = new ArrayList<>(roles.values());
    byName.sort(Comparator.comparing(r -> r.path("name").asText().toLowerCase(Locale.ROOT)));
    for (ObjectNode role : byName) {
      String name = role.path("name").asText();
      client
          .records()
          .iterateRelated(
              "ACLRoles",
              role.path("id").asText(),
              "users",
              RecordQuery.all().withFields("id").withPageSize(1000))
          .forEachRemaining(
              u -> byUser.computeIfAbsent(u.path("id").asText(), k -> new ArrayList<>()).add(name));
    }
    return byUser;
  }

  public ProvisioningPlan plan(
      DesiredUsers desired,
      UserList sugar,
      boolean deactivateMissing,
      List<String> licenseTypes,
      String callerUserName) {
    if (deactivateMissing && desired.users().isEmpty()) {
      // An empty file is almost always a failed export, not a wish to lock everybody out.
      throw new ConfigurationException(
          "--deactivate-missing",
          desired.file()
              + " lists no users, so --deactivate-missing would deactivate every active Sugar"
              + " user but you; nothing was planned. Check the file (an export that came out"
              + " empty?), or deactivate people one by one with `users deactivate USER_NAME`.");
    }
    Map<String, ObjectNode> roles = null;
    Map<String, List<String>> rolesByUser = null;
    Map<String, DesiredUser> inFile = new LinkedHashMap<>();
    desired.users().forEach(u -> inFile.put(key(u.userName()), u));
    List<UserChange> changes = new ArrayList<>();
    for (DesiredUser d : createOrder(desired.users())) {
      SugarUser current = sugar.liveByUserName(d.userName()).orElse(null);
      String managerError = null;
      if (d.manager() != null
          && !inFile.containsKey(key(d.manager()))
          && sugar.liveByUserName(d.manager()).isEmpty()) {
        managerError =
            "manager '"
                + d.manager()
                + "' is neither in the file nor a Sugar user; add them to the file or fix the"
                + " manager's user_name ("
                + d.where()
                + ")";
      }
      List<String> added = new ArrayList<>();
      List<String> removed = new ArrayList<>();
      String roleError = null;
      if (d.roles() != null) {
        if (roles == null) {
          roles = roles();
        }
        List<String> unknown = new ArrayList<>();
        for (String r : d.roles()) {
          if (!roles.containsKey(r.toLowerCase(Locale.ROOT))) {
            unknown.add(r);
          }
        }
        if (!unknown.isEmpty()) {
          roleError =
              "role(s) "
                  + String.join(", ", unknown)
                  + " do not exist in Sugar (Admin > Role Management); known: "
                  + String.join(", ", new TreeSet<>(roleNames(roles)))
                  + " ("
                  + d.where()
                  + ")";
        } else {
          if (current != null && rolesByUser == null) {
            rolesByUser = rolesByUser(roles);
          }
          List<String> have =
              current == null ? List.of() : rolesByUser.getOrDefault(current.id(), List.of());
          for (String r : d.roles()) {
            if (have.stream().noneMatch(h -> h.equalsIgnoreCase(r))) {
              added.add(roles.get(r.toLowerCase(Locale.ROOT)).path("name").asText(r));
            }
          }
          for (String h : have) {
            if (d.roles().stream().noneMatch(r -> r.equalsIgnoreCase(h))) {
              removed.add(h);
            }
          }
        }
      }
      // Sugar refuses the whole write of a user with an address it does not accept (422), so
      // the plan says so now rather than apply failing user after user.
      String emailError =
          d.email() == null || EmailAddressRule.accepts(d.email())
              ? null
              : EmailAddressRule.problem(d.email()) + "; fix the email column (" + d.where() + ")";
      String error =
          Stream.of(managerError, roleError, emailError)
              .filter(Objects::nonNull)
              .collect(Collectors.joining("; "));
      if (error.isEmpty()) {
        error = null;
      }
      if (error != null) {
        changes.add(
            new UserChange(
                UserChange.Kind.ERROR,
                d.userName(),
                d,
                current,
                List.of(),
                List.of(),
                List.of(),
                error));
        continue;
      }
      if (current == null) {
        changes.add(
            new UserChange(
                UserChange.Kind.CREATE,
                d.userName(),
                d,
                null,
                createdFields(d),
                added,
                removed,
                null));
        continue;
      }
      List<UserChange.FieldChange> fields = fieldChanges(d, current, sugar);
      boolean same = fields.isEmpty() && added.isEmpty() && removed.isEmpty();
      changes.add(
          new UserChange(
              same ? UserChange.Kind.UNCHANGED : UserChange.Kind.UPDATE,
              current.userName(),
              d,
              current,
              fields,
              added,
              removed,
              null));
    }
    int missingLeftAlone = 0;
    for (SugarUser u : sugar.live()) {
      if (!u.active() || inFile.containsKey(key(u.userName()))) {
        continue;
      }
      if (!deactivateMissing) {
        missingLeftAlone++;
      } else if (u.userName() != null && u.userName().equalsIgnoreCase(callerUserName)) {
        // The connection's own user keeps working: Sugar refuses to let it deactivate itself.
        missingLeftAlone++;
      } else {
        changes.add(
            new UserChange(
                UserChange.Kind.DEACTIVATE,
                u.userName(),
                null,
                u,
                List.of(new UserChange.FieldChange("status", u.status(), "Inactive")),
                List.of(),
                List.of(),
                null));
      }
    }
    List<String> license =
        licenseTypes != null && !licenseTypes.isEmpty()
            ? licenseTypes
            : desired.licenseTypes() != null && !desired.licenseTypes().isEmpty()
                ? desired.licenseTypes()
                : DEFAULT_LICENSE_TYPES;
    return new ProvisioningPlan(changes, license, missingLeftAlone, callerUserName);
  }

  private static List<String> roleNames(Map<String, ObjectNode> roles) {
    List<String> names = new ArrayList<>();
    roles.values().forEach(r -> names.add(r.path("name").asText()));
    return names;
  }

  private static List<UserChange.FieldChange> createdFields(DesiredUser d) {
    List<UserChange.FieldChange> f = new ArrayList<>();
    add(f, "first_name", null, d.firstName());
    add(f, "last_name", null, d.lastName());
    add(f, "email", null, d.email());
    add(f, "title", null, d.title());
    add(f, "department", null, d.department());
    add(f, "manager", null, d.manager());
    add(f, "status", null, d.status());
    return f;
  }

  private static void add(
      List<UserChange.FieldChange> f, String field, String before, String after) {
    if (after != null) {
      f.add(new UserChange.FieldChange(field, before, after));
    }
  }

  private static List<UserChange.FieldChange> fieldChanges(
      DesiredUser d, SugarUser c, UserList sugar) {
    List<UserChange.FieldChange> f = new ArrayList<>();
    diff(f, "first_name", c.firstName(), d.firstName(), false);
    diff(f, "last_name", c.lastName(), d.lastName(), false);
    diff(f, "email", c.email(), d.email(), true);
    diff(f, "title", c.title(), d.title(), false);
    diff(f, "department", c.department(), d.department(), false);
    if (d.manager() != null) {
      // Compared by id, not by name: a reports_to_id that points at a deleted user whose
      // user_name was since given to someone else would otherwise look right and never be fixed.
      SugarUser currentManager = sugar.byId(c.reportsToId()).orElse(null);
      String wanted = sugar.liveByUserName(d.manager()).map(SugarUser::id).orElse(null);
      if (wanted == null || !wanted.equals(c.reportsToId())) {
        String before =
            currentManager == null
                ? c.reportsToId()
                : currentManager.userName() + (currentManager.deleted() ? " (deleted)" : "");
        f.add(new UserChange.FieldChange("manager", before, d.manager()));
      }
    }
    diff(f, "status", c.status(), d.status(), false);
    return f;
  }

  private static void diff(
      List<UserChange.FieldChange> f, String field, String before, String after, boolean caseless) {
    if (after == null) {
      return;
    }
    boolean same =
        caseless ? after.equalsIgnoreCase(Objects.toString(before, "")) : after.equals(before);
    if (!same) {
      f.add(new UserChange.FieldChange(field, before, after));
    }
  }

  /**
   * The file's users with every manager before the people who report to them (Kahn's algorithm,
   * file order kept among equals). The file was checked for cycles when read.
   */
  static List<DesiredUser> createOrder(List<DesiredUser> users) {
    Map<String, DesiredUser> byName = new LinkedHashMap<>();
    users.forEach(u -> byName.put(key(u.userName()), u));
    Map<String, List<DesiredUser>> reports = new HashMap<>();
    Deque<DesiredUser> ready = new ArrayDeque<>();
    for (DesiredUser u : users) {
      String m = u.manager() == null ? null : key(u.manager());
      if (m != null && byName.containsKey(m) && !m.equals(key(u.userName()))) {
        reports.computeIfAbsent(m, k -> new ArrayList<>()).add(u);
      } else {
        ready.add(u);
      }
    }
    List<DesiredUser> order = new ArrayList<>();
    while (!ready.isEmpty()) {
      DesiredUser u = ready.poll();
      order.add(u);
      ready.addAll(reports.getOrDefault(key(u.userName()), List.of()));
    }
    return order;
  }

  static String key(String userName) {
    return userName.trim().toLowerCase(Locale.ROOT);
  }
}
