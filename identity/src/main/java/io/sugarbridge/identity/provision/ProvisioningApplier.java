package io.sugarbridge.identity.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.common.error.SugarbridgeException;
import io.sugarbridge.identity.directory.RequiredUserFields;
import io.sugarbridge.identity.directory.SugarUser;
import io.sugarbridge.identity.directory.UserList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Carries out a {@link ProvisioningPlan} against Sugar, one user at a time in the plan's order, so
 * a manager created in this run is known by id when their reports are written. A failure is
 * recorded for that user with Sugar's reason and the run goes on; a user whose manager failed is
 * failed too, naming the manager. No password is ever sent.
 */
public final class ProvisioningApplier {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SugarClient client;
  private final ProvisioningPlanner planner;

  public ProvisioningApplier(SugarClient client) {
    this.client = client;
    this.planner = new ProvisioningPlanner(client);
  }

  public ApplyReport apply(ProvisioningPlan plan, UserList sugar) {
    Map<String, String> idByName = new HashMap<>();
    sugar.live().forEach(u -> idByName.put(ProvisioningPlanner.key(u.userName()), u.id()));
    Map<String, String> failedByName = new HashMap<>();
    Map<String, ObjectNode> roles = null;
    List<ApplyReport.Outcome> outcomes = new ArrayList<>();
    for (UserChange c : plan.changes()) {
      String name = c.userName();
      switch (c.kind()) {
        case UNCHANGED -> outcomes.add(new ApplyReport.Outcome(name, "unchanged", null));
        case ERROR -> {
          failedByName.put(ProvisioningPlanner.key(name), c.error());
          outcomes.add(new ApplyReport.Outcome(name, "failed", c.error()));
        }
        case DEACTIVATE -> {
          try {
            client.users().deactivate(c.current().id());
            outcomes.add(new ApplyReport.Outcome(name, "deactivated", null));
          } catch (SugarbridgeException e) {
            outcomes.add(new ApplyReport.Outcome(name, "failed", e.getMessage()));
          }
        }
        case CREATE, UPDATE -> {
          DesiredUser d = c.desired();
          String managerId = null;
          if (d.manager() != null) {
            String mk = ProvisioningPlanner.key(d.manager());
            managerId = idByName.get(mk);
            if (managerId == null) {
              String why =
                  "not written: its manager '"
                      + d.manager()
                      + "' was not created ("
                      + failedByName.getOrDefault(mk, "see above")
                      + ")";
              failedByName.put(ProvisioningPlanner.key(name), why);
              outcomes.add(new ApplyReport.Outcome(name, "failed", why));
              continue;
            }
          }
          try {
            String id;
            if (c.kind() == UserChange.Kind.CREATE) {
              ObjectNode body = createBody(d, managerId);
              ObjectNode created = client.users().create(body, plan.licenseTypes());
              id = created.path("id").asText();
            } else {
              id = c.current().id();
              ObjectNode body = updateBody(c, managerId);
              if (body.size() > 0) {
                client.users().update(id, body);
              }
            }
            idByName.put(ProvisioningPlanner.key(name), id);
            if (!c.rolesAdded().isEmpty() || !c.rolesRemoved().isEmpty()) {
              if (roles == null) {
                roles = planner.roles();
              }
              for (String r : c.rolesAdded()) {
                client.users().addRole(id, roleId(roles, r));
              }
              for (String r : c.rolesRemoved()) {
                client.users().removeRole(id, roleId(roles, r));
              }
            }
            outcomes.add(
                new ApplyReport.Outcome(
                    name, c.kind() == UserChange.Kind.CREATE ? "created" : "updated", null));
          } catch (SugarbridgeException e) {
            failedByName.put(ProvisioningPlanner.key(name), e.getMessage());
            outcomes.add(new ApplyReport.Outcome(name, "failed", e.getMessage()));
          }
        }
      }
    }
    return new ApplyReport(outcomes);
  }

  private static String roleId(Map<String, ObjectNode> roles, String name) {
    ObjectNode r = roles.get(name.toLowerCase(Locale.ROOT));
    if (r == null) {
      throw new SugarbridgeException(
          "role '" + name + "' no longer exists in Sugar (Admin > Role Management)");
    }
    return r.path("id").asText();
  }

  private static ObjectNode createBody(DesiredUser d, String managerId) {
    ObjectNode b = JSON.createObjectNode();
    b.put("user_name", d.userName());
    put(b, "first_name", d.firstName());
    b.put("last_name", RequiredUserFields.lastName(d.lastName(), d.userName()));
    put(b, "title", d.title());
    put(b, "department", d.department());
    b.put("status", d.status());
    put(b, "reports_to_id", managerId);
    if (d.email() != null) {
      ObjectNode e = b.putArray("email").addObject();
      e.put("email_address", d.email());
      e.put("primary_address", true);
    }
    return b;
  }

  private ObjectNode updateBody(UserChange c, String managerId) {
    ObjectNode b = JSON.createObjectNode();
    for (UserChange.FieldChange f : c.fields()) {
      switch (f.field()) {
        case "manager" -> b.put("reports_to_id", managerId);
        case "email" -> b.set("email", emailsWithPrimary(c.current(), f.after()));
        default -> b.put(f.field(), f.after());
      }
    }
    return b;
  }

  /**
   * The user's addresses with {@code primary} as the primary one: Sugar replaces the whole set on
   * write, so the others are read first and sent back rather than dropped.
   */
  private ArrayNode emailsWithPrimary(SugarUser user, String primary) {
    ArrayNode out = JSON.createArrayNode();
    ObjectNode p = out.addObject();
    p.put("email_address", primary);
    p.put("primary_address", true);
    JsonNode current = client.records().get("Users", user.id(), "email").path("email");
    for (JsonNode e : current) {
      String a = e.path("email_address").asText("");
      if (!a.isEmpty() && !a.equalsIgnoreCase(primary)) {
        ObjectNode o = out.addObject();
        o.put("email_address", a);
        o.put("primary_address", false);
      }
    }
    return out;
  }

  private static void put(ObjectNode b, String field, String value) {
    if (value != null) {
      b.put(field, value);
    }
  }
}
