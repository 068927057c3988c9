package io.sugarbridge.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.bulk.BulkRequest;
import io.sugarbridge.client.bulk.BulkResult;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.error.EditConflictException;
import io.sugarbridge.client.error.InstanceUnreachableException;
import io.sugarbridge.client.error.InvalidCredentialsException;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.error.PermissionDeniedException;
import io.sugarbridge.client.error.PlatformNotRegisteredException;
import io.sugarbridge.client.error.RateLimitedException;
import io.sugarbridge.client.error.ServerUnavailableException;
import io.sugarbridge.client.error.SessionConflictException;
import io.sugarbridge.client.error.UnknownModuleOrRouteException;
import io.sugarbridge.client.error.UnsupportedApiVersionException;
import io.sugarbridge.client.error.ValidationException;
import io.sugarbridge.client.http.RetryPolicy;
import io.sugarbridge.client.http.Sleeper;
import io.sugarbridge.client.meta.FieldDefinition;
import io.sugarbridge.client.meta.ServerInfo;
import io.sugarbridge.client.records.Filter;
import io.sugarbridge.client.records.RecordPage;
import io.sugarbridge.client.records.RecordQuery;
import io.sugarbridge.client.records.UpsertResult;
import io.sugarbridge.client.users.CurrentUser;
import io.sugarbridge.client.users.ModuleAccess;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client against a real sandbox over HTTP: every operation and every fault path of issue 2.
 * Waits between retries go through a recording {@link Sleeper}, which also switches an injected
 * fault off, so the retry is observed without real waiting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxIntegrationTest {
  /** The modules the sandbox serves besides Users. */
  private static final List<String> SANDBOX_MODULES =
      List.of("Contacts", "Leads", "Accounts", "Opportunities", "Cases", "Notes", "Tasks");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PW = "Admin-Pw-9";

  private SugarSandbox sandbox;
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @BeforeAll
  void startSandbox() {
    sandbox = start(SandboxConfig.builder().adminPassword(ADMIN_PW));
  }

  @AfterAll
  void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @AfterEach
  void healSandbox() {
    sleeps.clear();
    if (sandbox != null) {
      sandbox.faults().set(FaultSettings.none());
    }
  }

  static SugarSandbox start(SandboxConfig.Builder config) {
    return SugarSandbox.start(config.build());
  }

  private SugarClient admin() {
    return client(sandbox, "admin", ADMIN_PW, b -> {});
  }

  private SugarClient client(
      SugarSandbox sb, String user, String password, Consumer<SugarClient.Builder> tune) {
    return client(sb, SugarClientConfig.builder().username(user).password(password), tune);
  }

  private SugarClient client(
      SugarSandbox sb, SugarClientConfig.Builder config, Consumer<SugarClient.Builder> tune) {
    SugarClient.Builder b =
        SugarClient.builder(config.instanceUrl(sb.url()).build())
            // Pacing has its own test; here recorded sleeps must be retry waits only.
            .maxRequestsPerSecond(0)
            .sleeper(sleeps::add)
            .retryPolicy(
                RetryPolicy.defaults()
                    .withMaxAttempts(3)
                    .withDelays(Duration.ofMillis(10), Duration.ofMillis(50)));
    tune.accept(b);
    return b.build();
  }

  /** A sleeper that records the wait and heals the sandbox, so the retry succeeds. */
  private Sleeper healingSleeper() {
    return d -> {
      sleeps.add(d);
      sandbox.faults().set(FaultSettings.none());
    };
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private static ObjectNode fields(Object... kv) {
    ObjectNode o = JSON.createObjectNode();
    for (int i = 0; i < kv.length; i += 2) {
      o.set((String) kv[i], JSON.valueToTree(kv[i + 1]));
    }
    return o;
  }

  private String newUser(boolean admin, List<String> readOnly) {
    String name = unique("u");
    sandbox.createUser(name, "Pw-" + name, admin, readOnly);
    return name;
  }

  // ---------------------------------------------------------------- operations

  @Test
  void recordsCrudWithFieldsTimestampAndDelete() {
    SugarClient c = admin();
    ObjectNode created =
        c.records().create("Contacts", fields("first_name", "Ada", "last_name", "Lovelace"));
    String id = created.path("id").asText();
    assertThat(id).isNotBlank();
    assertThat(created.path("_module").asText()).isEqualTo("Contacts");

    ObjectNode read = c.records().get("Contacts", id, "last_name");
    assertThat(read.path("last_name").asText()).isEqualTo("Lovelace");

    String stamp = read.path("date_modified").asText();
    ObjectNode updated = c.records().update("Contacts", id, fields("title", "Countess"), stamp);
    assertThat(updated.path("title").asText()).isEqualTo("Countess");

    assertThat(c.records().delete("Contacts", id)).isEqualTo(id);
    assertThatThrownBy(() -> c.records().get("Contacts", id)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> c.records().update("Contacts", id, fields("title", "x")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void editConflictCarriesTheCurrentRecord() {
    SugarClient c = admin();
    String id =
        c.records().create("Accounts", fields("name", unique("Conflict"))).path("id").asText();
    Throwable t =
        catchThrowable(
            () ->
                c.records()
                    .update("Accounts", id, fields("name", "x"), "2000-01-01T00:00:00+00:00"));
    assertThat(t).isInstanceOf(EditConflictException.class);
    assertThat(((EditConflictException) t).httpStatus()).isEqualTo(409);
    assertThat(((EditConflictException) t).currentRecord().path("id").asText()).isEqualTo(id);
  }

  @Test
  void filterCountAndLazyPaging() {
    SugarClient c = admin();
    String prefix = unique("Pg");
    List<ObjectNode> bodies = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      bodies.add(fields("last_name", prefix + "-" + i, "status", i % 2 == 0 ? "New" : "Assigned"));
    }
    List<BulkResult> made =
        c.bulk().execute(bodies.stream().map(b -> BulkRequest.post("/Leads", b)).toList());
    assertThat(made).allMatch(BulkResult::isSuccess);

    Filter mine = Filter.field("last_name").startsWith(prefix);
    assertThat(c.records().count("Leads", mine)).isEqualTo(25);
    assertThat(c.records().count("Leads", mine.and(Filter.field("status").equalTo("New"))))
        .isEqualTo(13);
    assertThat(
            c.records()
                .count(
                    "Leads",
                    mine.and(
                        Filter.or(
                            Filter.field("last_name").equalTo(prefix + "-1"),
                            Filter.field("last_name").in(prefix + "-2", prefix + "-3")))))
        .isEqualTo(3);
    assertThat(
            c.records()
                .count(
                    "Leads",
                    mine.and(Filter.field("last_name").notIn(prefix + "-2", prefix + "-3"))))
        .isEqualTo(23);
    assertThat(
            c.records().count("Leads", mine.and(Filter.field("date_entered").dateRange("today"))))
        .isEqualTo(25);
    assertThat(
            c.records()
                .count(
                    "Leads",
                    mine.and(Filter.field("last_name").between(prefix + "-10", prefix + "-12"))))
        .isEqualTo(3); // -10, -11, -12 sort between those bounds

    RecordPage first =
        c.records().list("Leads", RecordQuery.where(mine).withPageSize(10).withFields("last_name"));
    assertThat(first.records()).hasSize(10);
    assertThat(first.nextOffset()).isEqualTo(10);

    int logBefore = sandbox.requestLog().size();
    java.util.Iterator<ObjectNode> lazy =
        c.records().iterate("Leads", RecordQuery.where(mine).withPageSize(7));
    assertThat(sandbox.requestLog()).hasSize(logBefore); // nothing fetched before it is needed
    assertThat(lazy.hasNext()).isTrue();
    List<String> all =
        c.records().stream(
                "Leads", RecordQuery.where(mine).withPageSize(7).orderBy("last_name:ASC"))
            .map(r -> r.path("id").asText())
            .toList();
    assertThat(all).hasSize(25).doesNotHaveDuplicates();
    // One page for the lazy iterator above, then 25 records in pages of 7: four calls (7, 7, 7,
    // 4), none more (the last page's next_offset is -1).
    List<RequestLogEntry> since = sandbox.requestLog();
    assertThat(
            since.subList(logBefore, since.size()).stream()
                .filter(e -> e.path().endsWith("/Leads/filter")))
        .hasSize(5);
  }

  @Test
  void bulkReturnsPerItemResultsInOrder() {
    SugarClient c = admin();
    List<BulkResult> results =
        c.bulk()
            .execute(
                List.of(
                    BulkRequest.post("/Accounts", fields("name", unique("Bulk"))),
                    BulkRequest.get("/Accounts/" + UUID.randomUUID()),
                    BulkRequest.post("/Contacts", fields("last_name", unique("Bulk")))));
    assertThat(results).extracting(BulkResult::status).containsExactly(200, 404, 200);
    assertThat(results.get(0).contents().path("_module").asText()).isEqualTo("Accounts");
    assertThat(results.get(2).contents().path("_module").asText()).isEqualTo("Contacts");
    assertThat(results.get(1).errorCode()).isEqualTo("not_found");
    assertThat(results.get(1).toException())
        .hasMessageContaining("GET /Accounts/")
        .hasMessageContaining("user 'admin'")
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void upsertBySyncKeyCreatesThenUpdates() {
    SugarClient c = admin();
    String key = unique("key-");
    UpsertResult first =
        c.records().upsert("Accounts", "sync_key", key, fields("name", "Upsert One"));
    UpsertResult second =
        c.records().upsert("Accounts", "sync_key", key, fields("name", "Upsert Two"));
    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.id()).isEqualTo(first.id());
    assertThat(c.records().get("Accounts", first.id()).path("name").asText())
        .isEqualTo("Upsert Two");
  }

  @Test
  void linksListLinkUnlinkAndBulkLink() {
    SugarClient c = admin();
    String account =
        c.records().create("Accounts", fields("name", unique("Linked"))).path("id").asText();
    List<String> contacts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      contacts.add(
          c.records().create("Contacts", fields("last_name", unique("L"))).path("id").asText());
    }
    c.records().link("Accounts", account, "contacts", contacts.get(0));
    c.records().linkAll("Accounts", account, "contacts", contacts.subList(1, 3));
    RecordPage related = c.records().related("Accounts", account, "contacts", RecordQuery.all());
    assertThat(related.records())
        .extracting(r -> r.path("id").asText())
        .containsExactlyInAnyOrderElementsOf(contacts);
    // Pages of one: the iterator follows next_offset through every related record.
    assertThat(
            c.records()
                .streamRelated("Accounts", account, "contacts", RecordQuery.all().withPageSize(1))
                .map(r -> r.path("id").asText()))
        .containsExactlyInAnyOrderElementsOf(contacts);
    c.records().unlink("Accounts", account, "contacts", contacts.get(0));
    assertThat(c.records().related("Accounts", account, "contacts", RecordQuery.all()).records())
        .hasSize(2);
    assertThatThrownBy(
            () -> c.records().related("Accounts", account, "no_such_link", RecordQuery.all()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void metadataServerInfoModulesFieldsRequiredAndEnums() {
    SugarClient c = admin();
    ServerInfo info = c.serverInfo();
    assertThat(info.flavor()).isNotBlank();
    assertThat(info.version()).isNotBlank();
    assertThat(info.build()).isNotBlank();
    assertThat(info.apiVersion().toString()).isEqualTo("11.24");
    assertThat(c.apiVersion().pathSegment()).isEqualTo("v11_24");
    assertThat(c.metadata().modules()).containsAll(SANDBOX_MODULES).contains("Users");
    Map<String, FieldDefinition> f = c.metadata().fields("Contacts");
    assertThat(f.get("last_name").type()).isEqualTo("varchar");
    assertThat(f.get("accounts") == null || f.get("accounts").isLink()).isTrue();
    assertThat(c.metadata().requiredFields("Contacts")).contains("last_name");
    assertThat(c.metadata().enumOptions("Accounts", "account_type")).isNotEmpty();
  }

  @Test
  void usersListGetCreateUpdateDeactivate() {
    SugarClient c = admin();
    String name = unique("new");
    ObjectNode created =
        c.users()
            .create(
                fields(
                    "user_name",
                    name,
                    "last_name",
                    "Newcomer",
                    "status",
                    "Active",
                    "user_hash",
                    "Pw-" + name),
                List.of("CURRENT"));
    String id = created.path("id").asText();
    assertThat(created.path("user_name").asText()).isEqualTo(name);
    assertThat(created.path("user_hash").asText()).isNotEqualTo("Pw-" + name);
    assertThat(c.users().get(id).path("user_name").asText()).isEqualTo(name);
    assertThat(c.users().update(id, fields("title", "Analyst")).path("title").asText())
        .isEqualTo("Analyst");
    assertThat(
            c.users().stream(RecordQuery.where(Filter.field("user_name").equalTo(name)))
                .map(u -> u.path("id").asText()))
        .containsExactly(id);

    SugarClient newcomer = client(sandbox, name, "Pw-" + name, b -> {});
    assertThat(newcomer.me().userName()).isEqualTo(name);
    assertThat(c.users().deactivate(id).path("status").asText()).isEqualTo("Inactive");
    assertThatThrownBy(() -> client(sandbox, name, "Pw-" + name, b -> {}).ping())
        .isInstanceOf(InvalidCredentialsException.class)
        .hasMessageContaining("Active");

    assertThatThrownBy(() -> c.users().create(fields("user_name", unique("x")), List.of()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("license_type");
    assertThatThrownBy(() -> c.users().create(fields("last_name", "NoName"), List.of("CURRENT")))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void usersFindByNameRolesAndDelete() {
    SugarClient c = admin();
    String name = unique("roles");
    String id =
        c.users()
            .create(
                fields("user_name", name, "last_name", "Roles", "status", "Active"),
                List.of("CURRENT"))
            .path("id")
            .asText();
    String rep = c.records().create("ACLRoles", fields("name", unique("Rep"))).path("id").asText();
    String mgr = c.records().create("ACLRoles", fields("name", unique("Mgr"))).path("id").asText();

    assertThat(c.users().findByUserName(name.toUpperCase(java.util.Locale.ROOT), "id"))
        .get()
        .extracting(u -> u.path("id").asText())
        .isEqualTo(id);
    assertThat(c.users().findByUserName(unique("nobody"))).isEmpty();
    c.users().addRole(id, rep);
    c.users().addRole(id, mgr);
    assertThat(c.users().roles(id))
        .extracting(r -> r.path("id").asText())
        .containsExactlyInAnyOrder(rep, mgr);
    c.users().removeRole(id, rep);
    assertThat(c.users().roles(id)).extracting(r -> r.path("id").asText()).containsExactly(mgr);

    assertThat(c.users().delete(id)).isEqualTo(id);
    assertThat(c.users().findByUserName(name)).isEmpty();
    assertThatThrownBy(() -> c.users().get(id)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void meAndPerModuleAccessForAdminAndReadOnlyUser() {
    CurrentUser me = admin().me();
    assertThat(me.userName()).isEqualTo("admin");
    assertThat(me.admin()).isTrue();
    for (String m : SANDBOX_MODULES) {
      ModuleAccess a = me.access(m);
      assertThat(a.canRead() && a.canCreate() && a.canEdit()).as(m).isTrue();
    }

    String reader = newUser(false, List.of("Accounts"));
    SugarClient rc = client(sandbox, reader, "Pw-" + reader, b -> {});
    Map<String, ModuleAccess> access = rc.moduleAccess(SANDBOX_MODULES);
    assertThat(access.keySet()).containsExactlyElementsOf(SANDBOX_MODULES);
    assertThat(access.get("Accounts").canRead()).isTrue();
    assertThat(access.get("Accounts").canCreate()).isFalse();
    assertThat(access.get("Accounts").canEdit()).isFalse();
    assertThat(access.get("Contacts").canCreate()).isTrue();
    assertThat(rc.me().admin()).isFalse();

    Throwable t = catchThrowable(() -> rc.records().create("Accounts", fields("name", "Nope")));
    assertThat(t).isInstanceOf(PermissionDeniedException.class).hasMessageContaining(reader);
    assertThat(((PermissionDeniedException) t).httpStatus()).isEqualTo(403);
    // Sugar hides other users from non-admins with 404, not 403.
    String adminId = admin().me().id();
    assertThatThrownBy(() -> rc.users().get(adminId)).isInstanceOf(NotFoundException.class);
  }

  @Test
  void pingAndLogoutRevokesTheToken() throws Exception {
    SugarClient c = admin();
    assertThat(c.ping()).isEqualTo("pong");
    String token = c.auth().session().accessToken().reveal();
    c.logout();
    assertThat(c.auth().session()).isNull();
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(sandbox.url() + "/rest/v11_24/ping"))
                    .header("OAuth-Token", token)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(c.ping()).isEqualTo("pong"); // logs in again
  }

  @Test
  void unknownModuleSaysSo() {
    assertThatThrownBy(() -> admin().records().create("Widgets", fields("name", "w")))
        .isInstanceOf(UnknownModuleOrRouteException.class)
        .hasMessageContaining("module name");
  }

  // ---------------------------------------------------------------- fault paths

  @Test
  void expiredTokenMidRunIsRenewedTransparently() {
    SugarClient c = admin();
    c.records().create("Notes", fields("name", unique("before")));
    int grants = c.auth().grantsIssued();
    sandbox.faults().expireAllTokens();
    c.records().create("Notes", fields("name", unique("after")));
    assertThat(c.auth().grantsIssued()).isEqualTo(grants + 1);
    assertThat(recent(4)).extracting(RequestLogEntry::status).contains(401);
  }

  @Test
  void unauthorizedBulkCallIsRetriedOnceWithANewToken() {
    SugarClient c = admin();
    c.ping();
    sandbox.faults().expireAllTokens();
    List<BulkResult> r =
        c.bulk()
            .execute(
                List.of(
                    BulkRequest.post("/Tasks", fields("name", unique("t"))),
                    BulkRequest.post("/Tasks", fields("name", unique("t")))));
    assertThat(r).extracting(BulkResult::status).containsExactly(200, 200);
    List<RequestLogEntry> bulkCalls =
        sandbox.requestLog().stream().filter(e -> e.path().endsWith("/bulk")).toList();
    assertThat(bulkCalls.get(bulkCalls.size() - 2).status()).isEqualTo(401);
    assertThat(bulkCalls.get(bulkCalls.size() - 1).status()).isEqualTo(200);
  }

  @Test
  void concurrentCallersAfterExpiryShareOneRenewal() throws Exception {
    SugarClient c = client(sandbox, "admin", ADMIN_PW, b -> b.maxInFlight(4));
    c.ping();
    int grants = c.auth().grantsIssued();
    sandbox.faults().expireAllTokens();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ObjectNode>> fs = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        fs.add(pool.submit(() -> c.records().create("Cases", fields("name", unique("c")))));
      }
      for (Future<ObjectNode> f : fs) {
        assertThat(f.get(60, TimeUnit.SECONDS).path("id").asText()).isNotBlank();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(c.auth().grantsIssued()).isEqualTo(grants + 1);
  }

  @Test
  void retries429HonouringRetryAfter() {
    SugarClient c = client(sandbox, "admin", ADMIN_PW, b -> b.sleeper(healingSleeper()));
    c.ping();
    sandbox.faults().set(new FaultSettings(Duration.ZERO, 1.0, 2, false, 0, 0, 0, 0));
    assertThat(c.ping()).isEqualTo("pong");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
  }

  @Test
  void persistent429WithHtmlBodyBecomesRateLimited() {
    SugarClient c = admin();
    c.ping();
    sandbox.faults().set(new FaultSettings(Duration.ZERO, 1.0, -1, true, 0, 0, 0, 0));
    Throwable t = catchThrowable(c::ping);
    assertThat(t)
        .isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("HTTP 429")
        .hasMessageContaining("3 attempt(s)")
        .hasMessageContaining("edge") // from the proxy's HTML page, tags stripped
        .hasMessageNotContaining("<");
    assertThat(((RateLimitedException) t).errorCode()).isNull();
    assertThat(sleeps).hasSize(2);
  }

  @Test
  void retries503AndGivesUpWhenItPersists() {
    SugarClient healing = client(sandbox, "admin", ADMIN_PW, b -> b.sleeper(healingSleeper()));
    healing.ping();
    sandbox.faults().set(new FaultSettings(Duration.ZERO, 0, 1, false, 0, 1.0, 0, 0));
    assertThat(healing.ping()).isEqualTo("pong");
    assertThat(sleeps).containsExactly(Duration.ofSeconds(1));

    SugarClient c = admin();
    c.ping();
    sandbox.faults().set(new FaultSettings(Duration.ZERO, 0, -1, false, 0, 1.0, 0, 0));
    assertThatThrownBy(c::ping)
        .isInstanceOf(ServerUnavailableException.class)
        .hasMessageContaining("HTTP 503")
        .hasMessageContaining("retry later");
  }

  @Test
  void aDroppedConnectionIsRetriedForAReadButNeverResentForACreate() {
    SugarClient c = client(sandbox, "admin", ADMIN_PW, b -> b.sleeper(healingSleeper()));
    c.ping();
    String name = unique("Dropped");
    sandbox.faults().set(new FaultSettings(Duration.ZERO, 0, -1, false, 0, 0, 1.0, 0));
    int logBefore = sandbox.requestLog().size();
    assertThat(c.ping()).isEqualTo("pong");
    assertThat(sleeps).hasSize(1);
    List<RequestLogEntry> since = sandbox.requestLog();
    // Dropped, then answered (the JDK's client itself repeats a GET once, so it may drop twice;
    // the sandbox logs a dropped call after closing it, so the entries may come in either order).
    assertThat(since.subList(logBefore, since.size()))
        .extracting(RequestLogEntry::status)
        .contains(0, 200)
        .containsOnly(0, 200)
        .containsOnlyOnce(200);

    // A connection dropped after the request went out may follow a create that landed: sending
    // it again could create the record twice, so the caller is told instead.
    sandbox.faults().set(new FaultSettings(Duration.ZERO, 0, -1, false, 0, 0, 1.0, 0));
    int createBefore = sandbox.requestLog().size();
    assertThatThrownBy(() -> c.records().create("Accounts", fields("name", name)))
        .isInstanceOf(InstanceUnreachableException.class)
        .hasMessageContaining("closed without an answer");
    sandbox.faults().set(FaultSettings.none());
    // The sandbox logs a dropped call once it has closed the connection, which the client may see
    // first: wait (with a deadline) for the entry before reading it.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (sandbox.requestLog().size() <= createBefore && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    List<RequestLogEntry> creates = sandbox.requestLog();
    assertThat(creates.subList(createBefore, creates.size()))
        .extracting(RequestLogEntry::status)
        .containsExactly(0);
    assertThat(c.records().count("Accounts", Filter.field("name").equalTo(name))).isZero();
  }

  @Test
  void secondLoginOnTheSamePlatformIsSurvivedThenReportedAsAConflict() {
    String user = newUser(false, List.of());
    SugarClient mine = client(sandbox, user, "Pw-" + user, b -> {});
    SugarClient other = client(sandbox, user, "Pw-" + user, b -> {});
    mine.ping();
    other.ping(); // displaces mine: one session per user and platform
    assertThat(mine.ping()).isEqualTo("pong"); // renewed once, transparently
    other.logout();
    other.ping();
    assertThat(mine.ping()).isEqualTo("pong");
    other.logout();
    other.ping();
    assertThatThrownBy(mine::ping)
        .isInstanceOf(SessionConflictException.class)
        .hasMessageContaining("platform 'sugarbridge'")
        .hasMessageContaining("its own platform");
  }

  @Test
  void aDifferentPlatformDoesNotDisplaceTheSession() {
    SugarSandbox sb = start(SandboxConfig.builder().adminPassword(ADMIN_PW).platform("etl"));
    try {
      SugarClient mine = client(sb, "admin", ADMIN_PW, b -> {});
      SugarClient etl =
          client(
              sb,
              SugarClientConfig.builder().username("admin").password(ADMIN_PW).platform("etl"),
              b -> {});
      mine.ping();
      int grants = mine.auth().grantsIssued();
      etl.ping();
      mine.ping();
      assertThat(mine.auth().grantsIssued()).isEqualTo(grants);
    } finally {
      sb.close();
    }
  }

  @Test
  void unregisteredPlatformIsExplained() {
    SugarClient c =
        client(
            sandbox,
            SugarClientConfig.builder()
                .username("admin")
                .password(ADMIN_PW)
                .platform("not-registered"),
            b -> {});
    assertThatThrownBy(c::ping)
        .isInstanceOf(PlatformNotRegisteredException.class)
        .hasMessageContaining("'not-registered'")
        .hasMessageContaining("Configure API Platforms");
  }

  @Test
  void reusedRefreshTokenIsRefusedAndTheClientFallsBackToPassword() throws Exception {
    SugarClient c = admin();
    c.ping();
    String refresh = c.auth().session().refreshToken().reveal();
    assertThat(refreshGrant(refresh).statusCode()).isEqualTo(200);
    HttpResponse<String> reuse = refreshGrant(refresh);
    assertThat(reuse.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(reuse.body()).path("error").asText()).isEqualTo("invalid_grant");

    sandbox.faults().expireAllTokens();
    int before = sandbox.requestLog().size();
    assertThat(c.ping()).isEqualTo("pong");
    List<RequestLogEntry> log = sandbox.requestLog();
    List<RequestLogEntry> tokenCalls =
        log.subList(before, log.size()).stream()
            .filter(e -> e.path().endsWith("/oauth2/token"))
            .toList();
    assertThat(tokenCalls).extracting(RequestLogEntry::status).containsExactly(400, 200);
  }

  @Test
  void wrongPasswordIsInvalidCredentials() {
    assertThatThrownBy(() -> client(sandbox, "admin", "wrong", b -> {}).ping())
        .isInstanceOf(InvalidCredentialsException.class)
        .hasMessageContaining("check username and password")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void outOfRangeApiVersionIsExplained() {
    SugarClient c =
        client(
            sandbox,
            SugarClientConfig.builder().username("admin").password(ADMIN_PW).apiVersion("11.30"),
            b -> {});
    assertThatThrownBy(c::ping)
        .isInstanceOf(UnsupportedApiVersionException.class)
        .hasMessageContaining("11.30")
        .hasMessageContaining("10 to 11.24")
        .hasMessageContaining("api_version");
  }

  @Test
  void olderServerIsDiscoveredAndNewerOperationsRefusedBeforeSending() {
    SugarSandbox old =
        start(SandboxConfig.builder().adminPassword(ADMIN_PW).versionRange("10", "11.5"));
    try {
      SugarClient c = client(old, "admin", ADMIN_PW, b -> {});
      assertThat(c.ping()).isEqualTo("pong");
      assertThat(c.apiVersion().toString()).isEqualTo("11.5");
      int before = old.requestLog().size();
      assertThatThrownBy(() -> c.users().create(fields("user_name", "x"), List.of("CURRENT")))
          .isInstanceOf(UnsupportedApiVersionException.class)
          .hasMessageContaining("11.6")
          .hasMessageContaining("upgrade Sugar");
      assertThatThrownBy(() -> c.records().upsert("Accounts", "sync_key", "k", fields("name", "x")))
          .isInstanceOf(UnsupportedApiVersionException.class);
      assertThat(old.requestLog()).hasSize(before);
    } finally {
      old.close();
    }
  }

  private List<RequestLogEntry> recent(int n) {
    List<RequestLogEntry> log = sandbox.requestLog();
    return log.subList(Math.max(0, log.size() - n), log.size());
  }

  private HttpResponse<String> refreshGrant(String refresh) throws Exception {
    String body =
        JSON.writeValueAsString(
            Map.of(
                "grant_type", "refresh_token",
                "refresh_token", refresh,
                "client_id", "sugar",
                "client_secret", "",
                "platform", "sugarbridge"));
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(sandbox.url() + "/rest/v11_24/oauth2/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unused")
  private static Set<String> ids(List<? extends JsonNode> records) {
    return records.stream().map(r -> r.path("id").asText()).collect(Collectors.toSet());
  }
}
