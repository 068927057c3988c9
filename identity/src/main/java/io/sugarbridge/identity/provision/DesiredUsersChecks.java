package io.sugarbridge.identity.provision;

import static io.sugarbridge.identity.provision.DesiredUserSettings.DEPARTMENT;
import static io.sugarbridge.identity.provision.DesiredUserSettings.EMAIL;
import static io.sugarbridge.identity.provision.DesiredUserSettings.FIRST_NAME;
import static io.sugarbridge.identity.provision.DesiredUserSettings.LAST_NAME;
import static io.sugarbridge.identity.provision.DesiredUserSettings.MANAGER;
import static io.sugarbridge.identity.provision.DesiredUserSettings.ROLES;
import static io.sugarbridge.identity.provision.DesiredUserSettings.STATUS;
import static io.sugarbridge.identity.provision.DesiredUserSettings.TITLE;
import static io.sugarbridge.identity.provision.DesiredUserSettings.USER_NAME;

import io.sugarbridge.common.config.Setting;
import io.sugarbridge.common.config.Values;
import io.sugarbridge.common.error.ConfigProblem;
import io.sugarbridge.identity.orgchart.ReportingCycles;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The checks of a desired users file that look at more than one value, once each user's own values
 * have been read against {@link DesiredUserSettings#USER}: a user name given twice and a reporting
 * cycle among the file's users. Email addresses are the planner's to check, with Sugar's rule, one
 * user at a time.
 */
final class DesiredUsersChecks {
  /** One user's values as read, and where they are ({@code people.csv row 4}, {@code f.yaml:7}). */
  record Row(Values values, String where) {}

  private DesiredUsersChecks() {}

  /**
   * The users of {@code rows}, in file order, adding the problems found across them. A row whose
   * user name was refused or missing (its problem is already recorded) is left out, and so is the
   * second of two rows with the same user name.
   */
  static List<DesiredUser> users(List<Row> rows, List<ConfigProblem> problems) {
    List<DesiredUser> users = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Row row : rows) {
      Values v = row.values();
      if (!v.isSet(USER_NAME)) {
        continue;
      }
      String userName = v.get(USER_NAME);
      String previous = seen.putIfAbsent(userName.toLowerCase(Locale.ROOT), row.where());
      if (previous != null) {
        problems.add(
            new ConfigProblem(
                "user_name", "user_name '" + userName + "' is also at " + previous, row.where()));
        continue;
      }
      users.add(
          new DesiredUser(
              userName,
              text(v, FIRST_NAME),
              text(v, LAST_NAME),
              text(v, EMAIL),
              text(v, TITLE),
              text(v, DEPARTMENT),
              text(v, MANAGER),
              v.get(STATUS),
              roles(v),
              row.where()));
    }
    cycleProblems(users, problems);
    return users;
  }

  /** The value, or null when the file leaves the field unmanaged (absent or empty). */
  private static String text(Values v, Setting<String> setting) {
    String s = v.get(setting);
    return s == null || s.isEmpty() ? null : s;
  }

  /**
   * The roles asked for, or null when roles are not managed for this user: no roles column or key,
   * an empty CSV cell or an empty YAML value, as for every other field. Only an explicit empty YAML
   * list ({@code roles: []}) means "no roles", so a blank cell never strips a user's roles. A
   * {@code ;} separates role names in a CSV cell and in YAML alike.
   */
  private static List<String> roles(Values v) {
    if (!v.isSet(ROLES)) {
      return null;
    }
    List<String> given = v.get(ROLES);
    if (given.isEmpty()) {
      return List.of();
    }
    List<String> roles = new ArrayList<>();
    for (String item : given) {
      for (String r : item.split(";")) {
        String t = r.trim();
        if (!t.isEmpty() && !roles.contains(t)) {
          roles.add(t);
        }
      }
    }
    return roles.isEmpty() ? null : roles;
  }

  /** A cycle among the file's own managers can never be created: every member waits on another. */
  private static void cycleProblems(List<DesiredUser> users, List<ConfigProblem> problems) {
    Function<DesiredUser, String> manager =
        u -> u.manager() == null ? null : u.manager().toLowerCase(Locale.ROOT);
    for (List<DesiredUser> cycle :
        ReportingCycles.find(users, u -> u.userName().toLowerCase(Locale.ROOT), manager)) {
      List<String> names = cycle.stream().map(DesiredUser::userName).toList();
      problems.add(
          new ConfigProblem(
              "manager",
              "reporting cycle in the file: "
                  + String.join(" -> ", names)
                  + " -> "
                  + names.get(0)
                  + "; Sugar refuses reporting loops, so change one of these managers",
              cycle.get(0).where()));
    }
  }
}
