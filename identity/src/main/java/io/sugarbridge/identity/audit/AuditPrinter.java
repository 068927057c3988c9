package io.sugarbridge.identity.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.identity.directory.CsvTable;
import io.sugarbridge.identity.directory.SugarUser;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Prints an {@link AuditReport} for a person (a summary and a section per finding), as JSON, or as
 * CSV (one row per finding: check, user, name, detail).
 */
public final class AuditPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHOWN = 20;

  private AuditPrinter() {}

  public static void text(AuditReport r, PrintWriter out, boolean all) {
    out.printf(
        "Users: %d active, %d inactive, %d deleted%n", r.active(), r.inactive(), r.deleted());
    out.printf(
        "Administrators (active): %d%s%n",
        r.admins().size(),
        r.admins().isEmpty() ? "  <- no active administrator!" : "  " + names(r.admins()));
    section(
        out,
        "Stale: active, not modified for " + r.staleDays() + " days",
        r.stale(),
        u -> u.dateModified() == null ? "never dated" : "last modified " + u.dateModified(),
        all);
    section(out, "Active without an email", r.withoutEmail(), u -> "", all);
    out.printf("%nManager inactive, deleted or missing: %d%n", r.managerProblems().size());
    int i = 0;
    for (AuditReport.ManagerFinding f : r.managerProblems()) {
      if (!all && i++ >= SHOWN) {
        out.printf(
            "  ... and %d more (--all lists every one)%n", r.managerProblems().size() - SHOWN);
        break;
      }
      out.printf(
          "  %-24s %s (%s)%n",
          f.user().userName(),
          f.problem(),
          f.managerUserName() == null ? f.managerId() : f.managerUserName());
    }
    out.printf("%nReporting cycles: %d%n", r.cycles().size());
    for (List<SugarUser> c : r.cycles()) {
      out.printf("  %s -> %s%n", names(c).replace(", ", " -> "), c.get(0).userName());
    }
    out.flush();
  }

  private static void section(
      PrintWriter out,
      String title,
      List<SugarUser> users,
      Function<SugarUser, String> detail,
      boolean all) {
    out.printf("%n%s: %d%n", title, users.size());
    int i = 0;
    for (SugarUser u : users) {
      if (!all && i++ >= SHOWN) {
        out.printf("  ... and %d more (--all lists every one)%n", users.size() - SHOWN);
        break;
      }
      out.printf("  %-24s %-28s %s%n", u.userName(), u.displayName(), detail.apply(u));
    }
  }

  private static String names(List<SugarUser> users) {
    return users.stream().map(SugarUser::userName).collect(Collectors.joining(", "));
  }

  public static ObjectNode json(AuditReport r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("checked_at", r.checkedAt().toString());
    o.put("stale_days", r.staleDays());
    ObjectNode counts = o.putObject("counts");
    counts.put("active", r.active());
    counts.put("inactive", r.inactive());
    counts.put("deleted", r.deleted());
    counts.put("admins", r.admins().size());
    counts.put("stale", r.stale().size());
    counts.put("active_without_email", r.withoutEmail().size());
    counts.put("manager_problems", r.managerProblems().size());
    counts.put("cycles", r.cycles().size());
    users(o.putArray("admins"), r.admins());
    users(o.putArray("stale"), r.stale());
    users(o.putArray("active_without_email"), r.withoutEmail());
    ArrayNode mp = o.putArray("manager_problems");
    for (AuditReport.ManagerFinding f : r.managerProblems()) {
      ObjectNode m = mp.addObject();
      m.put("user_name", f.user().userName());
      m.put("manager_id", f.managerId());
      m.put("manager_user_name", f.managerUserName());
      m.put("problem", f.problem());
    }
    ArrayNode cycles = o.putArray("cycles");
    for (List<SugarUser> c : r.cycles()) {
      ArrayNode a = cycles.addArray();
      c.forEach(u -> a.add(u.userName()));
    }
    return o;
  }

  private static void users(ArrayNode a, List<SugarUser> users) {
    for (SugarUser u : users) {
      ObjectNode o = a.addObject();
      o.put("id", u.id());
      o.put("user_name", u.userName());
      o.put("name", u.displayName());
      o.put("date_modified", u.dateModified() == null ? null : u.dateModified().toString());
    }
  }

  public static void csv(AuditReport r, PrintWriter out) throws IOException {
    CsvTable t = new CsvTable(List.of("check", "user_name", "name", "detail"));
    t.row(
        List.of(
            "counts",
            "",
            "",
            r.active() + " active, " + r.inactive() + " inactive, " + r.deleted() + " deleted"));
    r.admins().forEach(u -> t.row(List.of("admin", u.userName(), u.displayName(), "")));
    r.stale()
        .forEach(
            u ->
                t.row(
                    List.of(
                        "stale",
                        u.userName(),
                        u.displayName(),
                        u.dateModified() == null ? "never dated" : u.dateModified().toString())));
    r.withoutEmail()
        .forEach(u -> t.row(List.of("active_without_email", u.userName(), u.displayName(), "")));
    for (AuditReport.ManagerFinding f : r.managerProblems()) {
      t.row(
          List.of(
              "manager_problem",
              f.user().userName(),
              f.user().displayName(),
              f.problem()
                  + " ("
                  + (f.managerUserName() == null ? f.managerId() : f.managerUserName())
                  + ")"));
    }
    int n = 1;
    for (List<SugarUser> c : r.cycles()) {
      String loop = names(c).replace(", ", " -> ") + " -> " + c.get(0).userName();
      for (SugarUser u : c) {
        t.row(List.of("cycle", u.userName(), u.displayName(), "cycle " + n + ": " + loop));
      }
      n++;
    }
    t.write(out);
  }
}
