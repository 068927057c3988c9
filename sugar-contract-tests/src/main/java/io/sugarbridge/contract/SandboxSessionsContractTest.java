package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorStartsWith;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static io.sugarbridge.contract.support.SugarTargetExtension.withOwnSandbox;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.SandboxOnly;
import io.sugarbridge.contract.support.SugarWire;
import io.sugarbridge.sandbox.SandboxClock;
import io.sugarbridge.sandbox.SandboxConfig;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * §1 paths that need a server configured differently from the shared one, so each test starts its
 * own sandbox: token lifetimes (1.1, 1.4), refresh tokens bound to their client (1.2), extra
 * registered platforms (1.5) and the {@code client_credentials} switch.
 */
@ContractTest
@SandboxOnly("needs sandboxes started with short token lifetimes, extra platforms or clients")
class SandboxSessionsContractTest {
  // §1.1 expires_in follows the configured lifetime; §1.4 a token past it is refused as expired.
  @Test
  void accessTokenExpires() {
    SandboxClock clock = new SandboxClock(Instant.now());
    withOwnSandbox(
        SandboxConfig.builder().tokenTtl(Duration.ofSeconds(60)),
        clock,
        (sandbox, sugar) -> {
          SugarWire.Grant g = sugar.login();
          assertThat(g.body().path("expires_in").asLong()).isEqualTo(60);
          assertOk(sugar.call("GET", "/me").token(g.accessToken()).send());
          clock.advance(Duration.ofSeconds(61));
          assertError(
              sugar.call("GET", "/me").token(g.accessToken()).send(),
              401,
              "invalid_grant",
              "The access token provided has expired.");
          // The refresh token outlives the access token.
          assertOk(sugar.token(sugar.refreshGrant(g.refreshToken(), sugar.target().platform())));
        });
  }

  // §1.2 "Expired refresh token": 400 invalid_grant "Refresh token has expired: <exp> vs <now>".
  @Test
  void refreshTokenExpires() {
    SandboxClock clock = new SandboxClock(Instant.now());
    withOwnSandbox(
        SandboxConfig.builder().refreshTokenTtl(Duration.ofSeconds(120)),
        clock,
        (sandbox, sugar) -> {
          SugarWire.Grant g = sugar.login();
          assertThat(g.body().path("refresh_expires_in").asLong()).isEqualTo(120);
          clock.advance(Duration.ofSeconds(121));
          Reply r = sugar.token(sugar.refreshGrant(g.refreshToken(), sugar.target().platform()));
          assertErrorStartsWith(r, 400, "invalid_grant", "Refresh token has expired: ");
          assertThat(r.errorMessage()).matches("Refresh token has expired: \\d+ vs \\d+");
        });
  }

  // §1.2 "one issued to another client_id" is refused like an unknown one.
  @Test
  void refreshTokenIsBoundToItsClient() {
    withOwnSandbox(
        SandboxConfig.builder().oauthClient("sbct-other", "other-secret"),
        (sandbox, sugar) -> {
          SugarWire.Grant g = sugar.login();
          ObjectNode refresh = sugar.refreshGrant(g.refreshToken(), sugar.target().platform());
          refresh.put("client_id", "sbct-other");
          refresh.put("client_secret", "other-secret");
          assertError(sugar.token(refresh), 400, "invalid_grant", "Invalid refresh token");

          ObjectNode wrongSecret = sugar.passwordGrant(sugar.target().platform());
          wrongSecret.put("client_id", "sbct-other");
          wrongSecret.put("client_secret", "not-the-secret");
          assertError(
              sugar.token(wrongSecret),
              400,
              "invalid_client",
              "The client credentials are invalid");
          ObjectNode rightSecret = sugar.passwordGrant(sugar.target().platform());
          rightSecret.put("client_id", "sbct-other");
          rightSecret.put("client_secret", "other-secret");
          assertOk(sugar.token(rightSecret));
        });
  }

  // §1.5: sessions are per platform; a registered custom platform gets its own session.
  @Test
  void registeredPlatformHasItsOwnSession() {
    withOwnSandbox(
        SandboxConfig.builder().platform("sbct_extra"),
        (sandbox, sugar) -> {
          SugarWire.Grant onDefault = sugar.login();
          Reply extra = sugar.token(sugar.passwordGrant("sbct_extra"));
          JsonNode e = assertOk(extra);
          String extraToken = e.path("access_token").asText();
          assertOk(sugar.call("GET", "/me").token(extraToken).send());
          assertOk(sugar.call("GET", "/me").token(onDefault.accessToken()).send());
          assertError(
              sugar.token(sugar.passwordGrant("sbct_unregistered")),
              422,
              "invalid_parameter",
              "Invalid platform specified.");
        });
  }

  // §1.5 mobile keeps two sessions per user (numSessions = 2).
  @Test
  void mobileKeepsTwoSessions() {
    withOwnSandbox(
        SandboxConfig.builder(),
        (sandbox, sugar) -> {
          String t1 =
              assertOk(sugar.token(sugar.passwordGrant("mobile"))).path("access_token").asText();
          String t2 =
              assertOk(sugar.token(sugar.passwordGrant("mobile"))).path("access_token").asText();
          assertOk(sugar.call("GET", "/me").token(t1).send());
          assertOk(sugar.call("GET", "/me").token(t2).send());
          assertOk(sugar.token(sugar.passwordGrant("mobile")));
          Reply oldest = sugar.call("GET", "/me").token(t1).send();
          assertThat(oldest.status())
              .as("third mobile login ends the oldest: %s", oldest)
              .isEqualTo(401);
        });
  }

  // The client_credentials switch: off by default (Sugar), on when configured.
  @Test
  void clientCredentialsWhenSwitchedOn() {
    withOwnSandbox(
        SandboxConfig.builder().clientCredentialsGrant(true).oauthClient("sbct-svc", "svc-secret"),
        (sandbox, sugar) -> {
          Reply r =
              sugar.token(
                  obj(
                      "grant_type",
                      "client_credentials",
                      "client_id",
                      "sbct-svc",
                      "client_secret",
                      "svc-secret",
                      "platform",
                      sugar.target().platform()));
          JsonNode b = assertOk(r);
          assertThat(b.path("access_token").asText()).isNotBlank();
          assertThat(b.path("token_type").asText()).isEqualTo("bearer");
          assertOk(sugar.call("GET", "/ping").token(b.path("access_token").asText()).send());
        });
  }

  // Bearer support is a switch (Sugar 8.0 lacked it outside IDM mode).
  @Test
  void bearerCanBeSwitchedOff() {
    withOwnSandbox(
        SandboxConfig.builder().bearerAuth(false),
        (sandbox, sugar) -> {
          String token = sugar.login().accessToken();
          Reply r =
              sugar
                  .call("GET", "/me")
                  .anonymous()
                  .header("Authorization", "Bearer " + token)
                  .send();
          assertError(r, 401, "need_login", "No valid authentication for user.");
          assertOk(sugar.call("GET", "/me").token(token).send());
        });
  }
}
