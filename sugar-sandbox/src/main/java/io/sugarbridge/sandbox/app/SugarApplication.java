package io.sugarbridge.sandbox.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.api.Route;
import io.sugarbridge.sandbox.api.UserDirectory;
import io.sugarbridge.sandbox.app.filter.FilterCompiler;
import io.sugarbridge.sandbox.app.filter.RecordLists;
import io.sugarbridge.sandbox.app.module.ModuleCatalog;
import io.sugarbridge.sandbox.app.module.ModuleDef;
import io.sugarbridge.sandbox.app.record.FieldValues;
import io.sugarbridge.sandbox.app.record.RecordFormatter;
import io.sugarbridge.sandbox.app.record.RecordService;
import io.sugarbridge.sandbox.app.record.Relations;
import io.sugarbridge.sandbox.app.record.Timestamps;
import io.sugarbridge.sandbox.app.routes.IntegrateRoutes;
import io.sugarbridge.sandbox.app.routes.LinkRoutes;
import io.sugarbridge.sandbox.app.routes.MeRoutes;
import io.sugarbridge.sandbox.app.routes.MetaRoutes;
import io.sugarbridge.sandbox.app.routes.RecordRoutes;
import io.sugarbridge.sandbox.app.seed.SampleData;
import io.sugarbridge.sandbox.app.users.AccessControl;
import io.sugarbridge.sandbox.app.users.PasswordHasher;
import io.sugarbridge.sandbox.app.users.SandboxUsers;
import io.sugarbridge.sandbox.app.users.UserRules;
import io.sugarbridge.sandbox.store.RecordStore;
import io.sugarbridge.sandbox.store.SandboxDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Sugar application behind the sandbox's HTTP layer: modules and their field definitions,
 * records, list and filter, links, {@code /integrate}, Users and ACL roles, {@code /me} and {@code
 * /metadata}. OAuth2, versions, {@code /bulk} dispatch and faults belong to the HTTP layer.
 */
public final class SugarApplication {
  /** Sugar's id for the administrator created at installation. */
  public static final String ADMIN_ID = "1";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final AppContext ctx;
  private final SandboxUsers users;
  private final AccessControl access;
  private final Relations relations;
  private final RecordService records;
  private final List<Route> routes;

  /**
   * Loads the modules (and {@code custom_fields.json} from the configured data directory), opens
   * the store over {@code db} and builds the routes.
   *
   * @throws IllegalArgumentException when {@code custom_fields.json} has a mistake
   */
  public SugarApplication(SandboxDatabase db, SandboxConfig config, Clock clock) {
    ObjectMapper json = new ObjectMapper();
    ModuleCatalog catalog = ModuleCatalog.load(json, config.dataDir);
    Map<String, String> tables = new LinkedHashMap<>();
    for (ModuleDef m : catalog.modules()) {
      tables.put(m.name(), m.table());
    }
    RecordStore store = new RecordStore(db, json, tables);
    this.ctx = new AppContext(catalog, store, config, clock, json);
    this.users = new SandboxUsers(ctx);
    this.access = new AccessControl(ctx);
    this.relations = new Relations(ctx);
    FieldValues values = new FieldValues(ctx, relations);
    RecordFormatter formatter = new RecordFormatter(ctx, values, access);
    this.records = new RecordService(ctx, access, relations, formatter, new UserRules(ctx));
    FilterCompiler filters = new FilterCompiler(ctx, values, relations, records::viewedBy);
    RecordLists lists = new RecordLists(ctx, values, filters, formatter);
    List<Route> all = new ArrayList<>();
    all.addAll(new MetaRoutes(ctx).routes());
    all.addAll(new MeRoutes(ctx, access, records).routes());
    all.addAll(new RecordRoutes(ctx, records, lists, formatter, access).routes());
    all.addAll(new LinkRoutes(ctx, records, lists, formatter, relations, access).routes());
    all.addAll(new IntegrateRoutes(ctx, records).routes());
    this.routes = List.copyOf(all);
  }

  /** Every route the application serves (not oauth2, bulk or the sandbox admin endpoints). */
  public List<Route> routes() {
    return routes;
  }

  /** Users as the OAuth2 layer needs them. */
  public UserDirectory users() {
    return users;
  }

  /** Whether a module of this name exists (for {@code <module>} route segments). */
  public boolean isModule(String name) {
    return ctx.catalog().isModule(name);
  }

  /** Makes sure an active admin {@code admin} exists with this password (reset on every start). */
  public void ensureAdmin(String password) {
    Objects.requireNonNull(password, "admin password");
    ctx.store().writeLock().lock();
    try {
      ObjectNode existing = users.recordByName("admin");
      if (existing == null) {
        existing = ctx.store().get("Users", ADMIN_ID);
      }
      ObjectNode admin;
      if (existing == null) {
        admin = newUser(ADMIN_ID, "admin", true);
        admin.put("first_name", "");
        admin.put("last_name", "Administrator");
      } else {
        admin = existing.deepCopy();
      }
      admin.put("user_name", "admin");
      admin.put("is_admin", true);
      admin.put("status", "Active");
      admin.put("deleted", false);
      admin.put("user_hash", PasswordHasher.hash(password));
      admin.put("date_modified", Timestamps.format(ctx.now()));
      ctx.store().put("Users", admin);
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  /** Adds {@code perModule} generated records to each sync module. */
  public void seed(int perModule) {
    ObjectNode admin = users.recordByName("admin");
    new SampleData(ctx).seed(perModule, admin == null ? ADMIN_ID : admin.path("id").asText());
  }

  /**
   * Creates an active user with a password; {@code readOnlyModules} lists modules this user may
   * read but not create, edit or delete in, enforced through a new ACL role linked to the user.
   *
   * @return the new user's id
   * @throws IllegalArgumentException when the user name is taken or a module is unknown
   */
  public String createUser(
      String userName, String password, boolean admin, List<String> readOnlyModules) {
    Objects.requireNonNull(userName, "userName");
    Objects.requireNonNull(password, "password");
    List<String> readOnly = readOnlyModules == null ? List.of() : readOnlyModules;
    for (String m : readOnly) {
      if (!isModule(m)) {
        throw new IllegalArgumentException(
            "Unknown module "
                + m
                + " in readOnlyModules; use one of "
                + ModuleCatalog.MODULE_NAMES);
      }
    }
    ctx.store().writeLock().lock();
    try {
      if (users.recordByName(userName) != null) {
        throw new IllegalArgumentException(
            "The user name " + userName + " already exists; choose another one");
      }
      ObjectNode user = newUser(AppContext.newId(), userName, admin);
      user.put("first_name", userName);
      user.put("last_name", admin ? "Admin" : "User");
      user.put("user_hash", PasswordHasher.hash(password));
      ctx.store().put("Users", user);
      String id = user.path("id").asText();
      if (!readOnly.isEmpty()) {
        ObjectNode role = NODES.objectNode();
        role.put("id", AppContext.newId());
        role.put("name", "Read-only " + String.join(", ", readOnly) + " for " + userName);
        role.put("description", "Created by the sandbox for " + userName);
        ObjectNode moduleAccess = role.putObject("module_access");
        readOnly.forEach(m -> moduleAccess.put(m, "read_only"));
        String now = Timestamps.format(ctx.now());
        role.put("date_entered", now);
        role.put("date_modified", now);
        role.put("created_by", ADMIN_ID);
        role.put("modified_user_id", ADMIN_ID);
        role.put("deleted", false);
        ctx.store().put("ACLRoles", role);
        ctx.store().link(AccessControl.ROLES_RELATIONSHIP, role.path("id").asText(), id, null);
      }
      return id;
    } finally {
      ctx.store().writeLock().unlock();
    }
  }

  private ObjectNode newUser(String id, String userName, boolean admin) {
    String now = Timestamps.format(ctx.now());
    ObjectNode u = NODES.objectNode();
    u.put("id", id);
    u.put("user_name", userName);
    u.put("status", "Active");
    u.put("employee_status", "Active");
    u.put("is_admin", admin);
    u.put("sugar_login", true);
    u.put("show_on_employees", true);
    u.put("receive_notifications", true);
    u.put("external_auth_only", false);
    u.put("system_generated_password", false);
    u.put("is_group", false);
    u.put("portal_only", false);
    u.putArray("license_type").add("SUGAR_SELL");
    u.put("date_entered", now);
    u.put("date_modified", now);
    u.put("created_by", ADMIN_ID);
    u.put("modified_user_id", ADMIN_ID);
    u.put("deleted", false);
    u.putArray("email");
    io.sugarbridge.sandbox.app.record.EmailAddresses.populateLegacy(u);
    return u;
  }
}
