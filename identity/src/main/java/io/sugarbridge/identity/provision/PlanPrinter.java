package io.sugarbridge.identity.provision;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Shows a {@link ProvisioningPlan} the way {@code terraform plan} does ({@code +} create, {@code ~}
 * update with old and new values, {@code -} deactivate, {@code !} cannot be done), and an {@link
 * ApplyReport}; both also as JSON.
 */
public final class PlanPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String NO_PASSWORD =
      "No password is sent: new users set their own with \"Forgot password\" on Sugar's login"
          + " page, or sign in through SSO";

  private PlanPrinter() {}

  public static void text(ProvisioningPlan plan, PrintWriter out) {
    for (UserChange c : plan.changes()) {
      switch (c.kind()) {
        case CREATE -> {
          out.printf("+ create      %s%n", c.userName());
          for (UserChange.FieldChange f : c.fields()) {
            out.printf("      %-11s %s%n", f.field(), quote(f.after()));
          }
          roles(out, c);
          out.printf("      (no password sent)%n");
        }
        case UPDATE -> {
          out.printf("~ update      %s%n", c.userName());
          for (UserChange.FieldChange f : c.fields()) {
            out.printf("      %-11s %s -> %s%n", f.field(), quote(f.before()), quote(f.after()));
          }
          roles(out, c);
        }
        case DEACTIVATE ->
            out.printf(
                "- deactivate  %s (not in the file; status Active -> Inactive)%n", c.userName());
        case ERROR -> out.printf("! cannot      %s: %s%n", c.userName(), c.error());
        case UNCHANGED -> {
          // Unchanged users are counted below, not listed.
        }
      }
    }
    out.printf(
        "%nPlan: %d to create, %d to update, %d to deactivate, %d unchanged, %d cannot be done.%n",
        plan.count(UserChange.Kind.CREATE),
        plan.count(UserChange.Kind.UPDATE),
        plan.count(UserChange.Kind.DEACTIVATE),
        plan.count(UserChange.Kind.UNCHANGED),
        plan.count(UserChange.Kind.ERROR));
    if (plan.count(UserChange.Kind.CREATE) > 0) {
      out.printf("New users get license_type %s. %s.%n", plan.licenseTypes(), NO_PASSWORD);
    }
    if (plan.missingLeftAlone() > 0) {
      out.printf(
          "%d active Sugar user(s) are not in the file and stay as they are%s.%n",
          plan.missingLeftAlone(),
          " (--deactivate-missing deactivates them; the connection's own user is always kept)");
    }
    out.flush();
  }

  private static void roles(PrintWriter out, UserChange c) {
    List<String> parts = new ArrayList<>();
    c.rolesAdded().forEach(r -> parts.add("+" + r));
    c.rolesRemoved().forEach(r -> parts.add("-" + r));
    if (!parts.isEmpty()) {
      out.printf("      %-11s %s%n", "roles", String.join(" ", parts));
    }
  }

  private static String quote(String s) {
    return s == null ? "(empty)" : "\"" + s + "\"";
  }

  public static ObjectNode json(ProvisioningPlan plan) {
    ObjectNode o = JSON.createObjectNode();
    // The count keys every command uses (sync, plan, runs, users apply), for the plan's changes.
    ObjectNode counts = o.putObject("counts");
    counts.put("created", plan.count(UserChange.Kind.CREATE));
    counts.put("updated", plan.count(UserChange.Kind.UPDATE));
    counts.put("unchanged", plan.count(UserChange.Kind.UNCHANGED));
    counts.put("skipped", 0);
    counts.put("failed", plan.count(UserChange.Kind.ERROR));
    counts.put("deactivated", plan.count(UserChange.Kind.DEACTIVATE));
    ArrayNode lt = o.putArray("license_type");
    plan.licenseTypes().forEach(lt::add);
    o.put("password", "not sent");
    o.put("missing_left_alone", plan.missingLeftAlone());
    ArrayNode changes = o.putArray("changes");
    for (UserChange c : plan.changes()) {
      ObjectNode j = changes.addObject();
      j.put("action", c.kind().name().toLowerCase(java.util.Locale.ROOT));
      j.put("user_name", c.userName());
      ObjectNode fields = j.putObject("fields");
      for (UserChange.FieldChange f : c.fields()) {
        ObjectNode fc = fields.putObject(f.field());
        fc.put("before", f.before());
        fc.put("after", f.after());
      }
      ArrayNode added = j.putArray("roles_added");
      c.rolesAdded().forEach(added::add);
      ArrayNode removed = j.putArray("roles_removed");
      c.rolesRemoved().forEach(removed::add);
      if (c.error() != null) {
        j.put("error", c.error());
      }
    }
    return o;
  }

  public static void text(ApplyReport report, PrintWriter out) {
    for (ApplyReport.Outcome o : report.outcomes()) {
      if (!o.result().equals("unchanged")) {
        out.printf(
            "%-12s %s%s%n", o.result(), o.userName(), o.reason() == null ? "" : ": " + o.reason());
      }
    }
    out.printf(
        "%nApplied: %d created, %d updated, %d deactivated, %d unchanged, %d failed.%n",
        report.count("created"),
        report.count("updated"),
        report.count("deactivated"),
        report.count("unchanged"),
        report.count("failed"));
    out.flush();
  }

  public static ObjectNode json(ApplyReport report) {
    ObjectNode o = JSON.createObjectNode();
    ObjectNode counts = o.putObject("counts");
    for (String r :
        List.of("created", "updated", "unchanged", "skipped", "failed", "deactivated")) {
      counts.put(r, report.count(r));
    }
    ArrayNode a = o.putArray("outcomes");
    for (ApplyReport.Outcome out : report.outcomes()) {
      ObjectNode j = a.addObject();
      j.put("user_name", out.userName());
      j.put("result", out.result());
      if (out.reason() != null) {
        j.put("reason", out.reason());
      }
    }
    return o;
  }
}
