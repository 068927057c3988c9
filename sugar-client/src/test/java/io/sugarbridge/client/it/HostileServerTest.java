package io.sugarbridge.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.client.SugarClient;
import io.sugarbridge.client.bulk.BulkRequest;
import io.sugarbridge.client.config.SugarClientConfig;
import io.sugarbridge.client.error.ServerUnavailableException;
import io.sugarbridge.client.error.SugarApiException;
import io.sugarbridge.client.http.ResponseTooLargeException;
import io.sugarbridge.client.http.RetryPolicy;
import io.sugarbridge.sandbox.FaultSettings;
import io.sugarbridge.sandbox.RequestLogEntry;
import io.sugarbridge.sandbox.SandboxConfig;
import io.sugarbridge.sandbox.SugarSandbox;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The client against a sandbox that behaves badly (issue 9): a server that echoes the request,
 * password and token included, into its error messages; 500 answers, retried for idempotent
 * requests only; and answers too large to hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN_PW = "Echoed-Admin-Pw-4711";

  private SugarSandbox sandbox;

  @BeforeAll
  void startSandbox() {
    sandbox = SandboxIntegrationTest.start(SandboxConfig.builder().adminPassword(ADMIN_PW));
  }

  @AfterAll
  void stopSandbox() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @AfterEach
  void heal() {
    sandbox.faults().set(FaultSettings.none());
  }

  private SugarClient client(UnaryOperator<SugarClient.Builder> tune) {
    return tune.apply(
            SugarClient.builder(
                    SugarClientConfig.builder()
                        .instanceUrl(sandbox.url())
                        .username("admin")
                        .password(ADMIN_PW)
                        .maxResponseMb(4)
                        .build())
                .maxRequestsPerSecond(0)
                .sleeper(d -> {})
                .retryPolicy(
                    RetryPolicy.defaults()
                        .withMaxAttempts(3)
                        .withDelays(Duration.ofMillis(1), Duration.ofMillis(2))))
        .build();
  }

  private static String everything(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    StringBuilder b = new StringBuilder(w.toString());
    if (t instanceof SugarApiException a) {
      b.append(a.serverMessage()).append(a.body()).append(a.error());
    }
    return b.toString();
  }

  @Test
  void aServerEchoingTheLoginShowsNeitherPasswordNorSecretInAnyError() {
    sandbox
        .faults()
        .set(FaultSettings.none().withEchoRequest(true).with500(1.0).withFaultPath("oauth2/token"));
    Throwable t = catchThrowable(client(b -> b)::ping);
    assertThat(t).isInstanceOf(ServerUnavailableException.class);
    // The sandbox did echo the login: its log shows the request that carried the password.
    assertThat(everything(t)).contains("[request: POST").doesNotContain(ADMIN_PW);
    assertThat(everything(t)).contains("\"password\":\"██\"");
  }

  @Test
  void aServerEchoingAnApiCallShowsNoAccessToken() {
    SugarClient c = client(b -> b);
    c.ping();
    sandbox
        .faults()
        .set(FaultSettings.none().withEchoRequest(true).with500(1.0).withFaultPath("/ping"));
    Throwable t = catchThrowable(c::ping);
    assertThat(t).isInstanceOf(ServerUnavailableException.class);
    String shown = everything(t);
    assertThat(shown).contains("[request: GET").contains("oauth-token=██");
    // Every token the sandbox has issued to this client is unknown to the error.
    assertThat(sandbox.requestLog()).isNotEmpty();
    assertThat(io.sugarbridge.common.config.KnownSecrets.containsKnownSecret(shown)).isFalse();
  }

  @Test
  void aRequestEchoOfAnUnregisteredPasswordIsMaskedByItsShape() {
    SugarClient c = client(b -> b);
    c.ping();
    sandbox.faults().set(FaultSettings.none().withEchoRequest(true));
    ObjectNode user = JSON.createObjectNode();
    user.put("user_name", "x");
    user.put("user_hash", "Unregistered-Pw-31337");
    // Users without last_name are refused (422): the echo carries the body with the password.
    Throwable t = catchThrowable(() -> c.records().create("Users", user));
    assertThat(t).isInstanceOf(SugarApiException.class);
    assertThat(everything(t)).contains("[request: POST").doesNotContain("Unregistered-Pw-31337");
  }

  @Test
  void a500OnAMetadataReadIsRetriedWithTheSameBackoff() {
    SugarClient c = client(b -> b.sleeper(d -> sandbox.faults().set(FaultSettings.none())));
    c.ping();
    sandbox.faults().set(FaultSettings.none().with500(1.0).withFaultPath("/metadata"));
    int before = sandbox.requestLog().size();
    assertThat(c.metadata().fields("Contacts")).isNotEmpty();
    List<RequestLogEntry> since = sandbox.requestLog().subList(before, sandbox.requestLog().size());
    assertThat(since).extracting(RequestLogEntry::status).containsExactly(500, 200);
  }

  @Test
  void a500OnAFilterReadIsRetried() {
    SugarClient c = client(b -> b.sleeper(d -> sandbox.faults().set(FaultSettings.none())));
    c.ping();
    sandbox.faults().set(FaultSettings.none().with500(1.0).withFaultPath("/filter$"));
    int before = sandbox.requestLog().size();
    c.records().list("Accounts", io.sugarbridge.client.records.RecordQuery.all());
    List<RequestLogEntry> since = sandbox.requestLog().subList(before, sandbox.requestLog().size());
    assertThat(since).extracting(RequestLogEntry::status).containsExactly(500, 200);
  }

  @Test
  void a500OnACreateOrAnUndeclaredBulkIsNotRetried() {
    SugarClient c = client(b -> b.sleeper(d -> sandbox.faults().set(FaultSettings.none())));
    c.ping();
    ObjectNode account = JSON.createObjectNode().put("name", "Not twice");
    sandbox.faults().set(FaultSettings.none().with500(1.0));
    int before = sandbox.requestLog().size();
    assertThat(catchThrowable(() -> c.records().create("Accounts", account)))
        .isInstanceOf(ServerUnavailableException.class);
    assertThat(
            catchThrowable(() -> c.bulk().execute(List.of(BulkRequest.post("/Accounts", account)))))
        .isInstanceOf(ServerUnavailableException.class);
    List<RequestLogEntry> since = sandbox.requestLog().subList(before, sandbox.requestLog().size());
    assertThat(since).extracting(RequestLogEntry::status).containsExactly(500, 500);
  }

  @Test
  void a500OnABulkDeclaredSafeToRepeatIsRetried() {
    SugarClient c = client(b -> b.sleeper(d -> sandbox.faults().set(FaultSettings.none())));
    String id =
        c.records()
            .create("Accounts", JSON.createObjectNode().put("name", "Before"))
            .path("id")
            .asText();
    sandbox.faults().set(FaultSettings.none().with500(1.0).withFaultPath("/bulk$"));
    int before = sandbox.requestLog().size();
    ObjectNode change = JSON.createObjectNode().put("name", "After");
    c.bulk().execute(List.of(BulkRequest.put("/Accounts/" + id, change)), true);
    List<RequestLogEntry> since = sandbox.requestLog().subList(before, sandbox.requestLog().size());
    assertThat(since).extracting(RequestLogEntry::status).containsExactly(500, 200);
    assertThat(c.records().get("Accounts", id).path("name").asText()).isEqualTo("After");
  }

  @Test
  void anAnswerPastTheBoundFailsNamingTheSettingWithoutBeingRetried() {
    SugarClient c = client(b -> b);
    c.ping();
    sandbox
        .faults()
        .set(FaultSettings.none().withHugeResponse(300L << 20, 0).withFaultPath("/metadata"));
    int before = sandbox.requestLog().size();
    long started = System.nanoTime();
    Throwable t = catchThrowable(() -> c.metadata().fields("Contacts"));
    assertThat(t)
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("larger than 4 MB")
        .hasMessageContaining("max_response_mb");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(sandbox.requestLog().size() - before).isEqualTo(1);
  }
}
