package io.sugarbridge.contract;

import static io.sugarbridge.contract.support.Json.obj;
import static io.sugarbridge.contract.support.SugarAssertions.assertError;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorCode;
import static io.sugarbridge.contract.support.SugarAssertions.assertErrorWithoutMessage;
import static io.sugarbridge.contract.support.SugarAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.contract.support.ContractTest;
import io.sugarbridge.contract.support.Reply;
import io.sugarbridge.contract.support.Secret;
import io.sugarbridge.contract.support.SugarWire;
import io.sugarbridge.contract.support.SugarWire.Grant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * §1 OAuth2: the token endpoint's success body and every error of table 1.2, refresh rotation, one
 * session per user and platform, the three ways to send a token (1.3), the 401 bodies of 1.4,
 * logout and sudo (1.6). Every test logs the configured user in again on the suite's platform, so
 * the suite's own session is forgotten afterwards.
 */
@ContractTest
class OAuth2ContractTest {
  private static final String INVALID_TOKEN = "The access token provided is invalid.";

  @AfterEach
  void forgetReplacedSession(SugarWire sugar) {
    sugar.forgetSession();
  }

  /** §1.2 "Unknown/used refresh token": this refresh token no longer works on the platform. */
  private static void assertRefreshRefused(SugarWire sugar, String refreshToken) {
    assertError(
        sugar.token(sugar.refreshGrant(refreshToken, sugar.target().platform())),
        400,
        "invalid_grant",
        "Invalid refresh token");
  }

  // §1.1 Success: HTTP 200 with the documented fields.
  @Test
  void passwordGrantAnswersTheDocumentedBody(SugarWire sugar) {
    Reply r = sugar.token(sugar.passwordGrant(sugar.target().platform()));
    JsonNode b = assertOk(r);
    assertThat(b.path("access_token").asText()).isNotBlank();
    assertThat(b.path("refresh_token").asText()).isNotBlank();
    assertThat(b.path("download_token").asText()).isNotBlank();
    assertThat(b.path("token_type").asText()).isEqualTo("bearer");
    assertThat(b.has("scope")).as("scope present in %s", r).isTrue();
    assertThat(b.get("scope").isNull()).as("scope is null in %s", r).isTrue();
    assertThat(b.path("expires_in").isIntegralNumber()).isTrue();
    assertThat(b.path("refresh_expires_in").isIntegralNumber()).isTrue();
    if (sugar.target().isSandbox()) {
      // Sugar's defaults, which the sandbox keeps unless configured otherwise.
      assertThat(b.path("expires_in").asLong()).isEqualTo(3600);
      assertThat(b.path("refresh_expires_in").asLong()).isEqualTo(1209600);
    } else {
      assertThat(b.path("expires_in").asLong()).isPositive();
      assertThat(b.path("refresh_expires_in").asLong()).isPositive();
    }
  }

  // §1.2 "grant_type missing or invalid".
  @Test
  void missingGrantTypeIsInvalidRequest(SugarWire sugar) {
    ObjectNode body = sugar.passwordGrant(sugar.target().platform());
    body.remove("grant_type");
    assertError(
        sugar.token(body),
        400,
        "invalid_request",
        "Invalid grant_type parameter or parameter missing");
  }

  @Test
  void invalidGrantTypeIsInvalidRequest(SugarWire sugar) {
    ObjectNode body = sugar.passwordGrant(sugar.target().platform());
    body.put("grant_type", "sbct_bogus");
    assertError(
        sugar.token(body),
        400,
        "invalid_request",
        "Invalid grant_type parameter or parameter missing");
  }

  // §1.2 "Unknown client_id or wrong secret".
  @Test
  void unknownClientIsInvalidClient(SugarWire sugar) {
    ObjectNode body = sugar.passwordGrant(sugar.target().platform());
    body.put("client_id", "sbct_no_such_client");
    assertError(sugar.token(body), 400, "invalid_client", "The client credentials are invalid");
  }

  @Test
  void wrongClientSecretIsInvalidClient(SugarWire sugar) {
    ObjectNode body = sugar.passwordGrant(sugar.target().platform());
    body.put("client_secret", sugar.target().clientSecret().reveal() + "sbct-wrong");
    assertError(sugar.token(body), 400, "invalid_client", "The client credentials are invalid");
  }

  // §1.2 "password grant without username/password".
  @Test
  void passwordGrantWithoutCredentialsIsInvalidRequest(SugarWire sugar) {
    ObjectNode noPassword = sugar.passwordGrant(sugar.target().platform());
    noPassword.remove("password");
    assertError(
        sugar.token(noPassword),
        400,
        "invalid_request",
        "Missing parameters. \"username\" and \"password\" required");
    ObjectNode noUser = sugar.passwordGrant(sugar.target().platform());
    noUser.remove("username");
    assertError(
        sugar.token(noUser),
        400,
        "invalid_request",
        "Missing parameters. \"username\" and \"password\" required");
  }

  // §1.2 "Wrong username/password" is 401 need_login, not 400.
  @Test
  void wrongPasswordIsNeedLogin(SugarWire sugar) {
    Reply r =
        sugar.token(
            sugar.passwordGrant(
                sugar.target().username(),
                Secret.of("sbct-definitely-wrong-" + sugar.target().runPrefix()),
                sugar.target().platform()));
    assertError(r, 401, "need_login", "You must specify a valid username and password.");
  }

  @Test
  void unknownUserIsNeedLogin(SugarWire sugar) {
    Reply r =
        sugar.token(
            sugar.passwordGrant(
                sugar.target().runPrefix() + "nobody",
                Secret.of("whatever"),
                sugar.target().platform()));
    assertError(r, 401, "need_login", "You must specify a valid username and password.");
  }

  // §1.2 "refresh grant without refresh_token".
  @Test
  void refreshGrantWithoutTokenIsInvalidRequest(SugarWire sugar) {
    ObjectNode body = sugar.refreshGrant("x", sugar.target().platform());
    body.remove("refresh_token");
    assertError(sugar.token(body), 400, "invalid_request", "No \"refresh_token\" parameter found");
  }

  // §1.2 "Unknown/used refresh token".
  @Test
  void unknownRefreshTokenIsInvalidGrant(SugarWire sugar) {
    assertRefreshRefused(sugar, "c1be5132-655b-1ca3-fb44-512e36709871");
  }

  // §1.2 "Unsupported grant type": client_credentials unless the server implements it.
  @Test
  void clientCredentialsIsUnsupported(SugarWire sugar) {
    if (sugar.target().isSandbox()) {
      // Off by default in the sandbox, like Sugar's own storage.
      ObjectNode body =
          obj("grant_type", "client_credentials", "client_id", "sugar", "client_secret", "");
      assertErrorWithoutMessage(sugar.token(body), 400, "unsupported_grant_type");
    } else {
      ObjectNode body =
          obj(
              "grant_type",
              "client_credentials",
              "client_id",
              sugar.target().clientId(),
              "client_secret",
              sugar.target().clientSecret().reveal());
      Reply r = sugar.token(body);
      assumeTrue(r.status() != 200, "this instance implements client_credentials");
      assertErrorWithoutMessage(r, 400, "unsupported_grant_type");
    }
  }

  // §1.2 / §1.5 / §12: an unregistered platform is refused with 422.
  @Test
  void unregisteredPlatformIs422(SugarWire sugar) {
    Reply r = sugar.token(sugar.passwordGrant(sugar.target().runPrefix() + "unregistered"));
    assertError(r, 422, "invalid_parameter", "Invalid platform specified.");
  }

  // §1.1 Refresh rotation: a refresh issues a NEW refresh token; the old one is then refused.
  @Test
  void refreshRotatesAndTheOldTokenIsSingleUse(SugarWire sugar) {
    String platform = sugar.target().platform();
    Grant first = sugar.login();
    Reply refreshed = sugar.token(sugar.refreshGrant(first.refreshToken(), platform));
    JsonNode b = assertOk(refreshed);
    String newAccess = b.path("access_token").asText();
    String newRefresh = b.path("refresh_token").asText();
    assertThat(newAccess).isNotBlank().isNotEqualTo(first.accessToken());
    assertThat(newRefresh).isNotBlank().isNotEqualTo(first.refreshToken());
    assertThat(b.path("token_type").asText()).isEqualTo("bearer");

    assertOk(sugar.call("GET", "/me").token(newAccess).send());
    assertRefreshRefused(sugar, first.refreshToken());
    // The new refresh token still works once.
    assertOk(sugar.token(sugar.refreshGrant(newRefresh, platform)));
  }

  // §1.5: a new login for the same user and platform ends the earlier session on that platform.
  @Test
  void oneSessionPerUserAndPlatform(SugarWire sugar) {
    Grant first = sugar.login();
    Grant second = sugar.login();
    assertOk(sugar.call("GET", "/me").token(second.accessToken()).send());

    Reply old = sugar.call("GET", "/me").token(first.accessToken()).send();
    assertErrorCode(old, 401, "invalid_grant");
    assertThat(old.errorMessage()).isIn(INVALID_TOKEN, "Your authentication token is invalid.");
    assertRefreshRefused(sugar, first.refreshToken());
  }

  // §1.3 (1) Header OAuth-Token.
  @Test
  void tokenInOAuthTokenHeader(SugarWire sugar) {
    Grant g = sugar.login();
    JsonNode me = assertOk(sugar.call("GET", "/me").token(g.accessToken()).send());
    assertThat(me.path("current_user").path("user_name").asText())
        .isEqualTo(sugar.target().username());
  }

  // §1.3 (2) POST field oauth_token.
  @Test
  void tokenAsPostField(SugarWire sugar) {
    Grant g = sugar.login();
    Reply r =
        sugar
            .call("POST", "/Accounts/filter")
            .anonymous()
            .form(Map.of("oauth_token", g.accessToken(), "max_num", "1"))
            .send();
    assertThat(assertOk(r).path("records").isArray()).isTrue();
  }

  // §1.3 (3) GET oauth_token only with allow_oauth_via_get, which defaults to false.
  @Test
  void tokenInQueryStringIsNotAccepted(SugarWire sugar) {
    Grant g = sugar.login();
    Reply r =
        sugar.call("GET", "/me?" + SugarWire.q("oauth_token", g.accessToken())).anonymous().send();
    assertError(r, 401, "need_login", "No valid authentication for user.");
  }

  // §1.3 (4) Authorization: Bearer (Sugar 8.2+, and the sandbox's default).
  @Test
  void tokenAsBearer(SugarWire sugar) {
    Grant g = sugar.login();
    Reply r =
        sugar
            .call("GET", "/me")
            .anonymous()
            .header("Authorization", "Bearer " + g.accessToken())
            .send();
    assertOk(r);
  }

  // §1.4 "No token, on a route that needs login".
  @Test
  void noTokenIsNeedLogin(SugarWire sugar) {
    assertError(
        sugar.call("GET", "/Accounts").anonymous().send(),
        401,
        "need_login",
        "No valid authentication for user.");
    assertError(
        sugar.call("GET", "/ping").anonymous().send(),
        401,
        "need_login",
        "No valid authentication for user.");
  }

  // §1.4 "Unknown, expired or logged-out token".
  @Test
  void unknownTokenIsInvalidGrant(SugarWire sugar) {
    Reply r = sugar.call("GET", "/Accounts").token("sbct-not-a-token").send();
    assertError(r, 401, "invalid_grant", INVALID_TOKEN);
  }

  // §1.6 logout: {"success":true}; the token is then refused as logged out (§1.4).
  @Test
  void logoutEndsTheSession(SugarWire sugar) {
    Grant g = sugar.login();
    Reply out = sugar.call("POST", "/oauth2/logout").token(g.accessToken()).send();
    assertThat(assertOk(out).path("success").asBoolean()).as("%s", out).isTrue();
    assertThat(out.json().path("success").isBoolean()).isTrue();

    assertError(
        sugar.call("GET", "/me").token(g.accessToken()).send(),
        401,
        "invalid_grant",
        INVALID_TOKEN);
    assertRefreshRefused(sugar, g.refreshToken());
  }

  // §1.6 logout with {"refresh_token": ...} deletes that refresh token.
  @Test
  void logoutOfOneRefreshToken(SugarWire sugar) {
    Grant g = sugar.login();
    Reply out =
        sugar
            .call("POST", "/oauth2/logout")
            .token(g.accessToken())
            .json(obj("refresh_token", g.refreshToken()))
            .send();
    assertThat(assertOk(out).path("success").asBoolean()).isTrue();
    assertRefreshRefused(sugar, g.refreshToken());
  }

  // §1.6 logout needs login.
  @Test
  void logoutWithoutTokenIsNeedLogin(SugarWire sugar) {
    assertError(
        sugar.call("POST", "/oauth2/logout").anonymous().send(),
        401,
        "need_login",
        "No valid authentication for user.");
  }

  // §1.6 sudo (admin only): a token object like the grant response.
  @Test
  void adminCanSudo(SugarWire sugar) {
    assumeTrue(sugar.isAdmin(), "sudo needs an administrator; the configured user is not one");
    Reply r =
        sugar.post(
            "/oauth2/sudo/" + sugar.target().username(),
            obj("client_id", "sugar", "platform", sugar.target().platform()));
    JsonNode b = assertOk(r);
    assertThat(b.path("access_token").asText()).isNotBlank();
    assertThat(b.path("expires_in").isIntegralNumber()).isTrue();
    JsonNode me = assertOk(sugar.call("GET", "/me").token(b.path("access_token").asText()).send());
    assertThat(me.path("current_user").path("user_name").asText())
        .isEqualTo(sugar.target().username());
  }

  // §1.6 sudo: unknown user is 404.
  @Test
  void sudoToUnknownUserIs404(SugarWire sugar) {
    assumeTrue(sugar.isAdmin(), "sudo needs an administrator; the configured user is not one");
    Reply r =
        sugar.post(
            "/oauth2/sudo/" + sugar.target().runPrefix() + "nobody",
            obj("client_id", "sugar", "platform", sugar.target().platform()));
    assertErrorCode(r, 404, "not_found");
  }

  // §1.6: there is no /oauth2/bulk endpoint.
  @Test
  void thereIsNoOAuth2Bulk(SugarWire sugar) {
    Reply r = sugar.post("/oauth2/bulk", obj("requests", java.util.List.of()));
    assertThat(r.status()).as("%s", r).isEqualTo(404);
  }

  // §1.1: the grant also sets a cookie download_token_<platform>.
  @Test
  void grantSetsDownloadTokenCookie(SugarWire sugar) {
    Reply r = sugar.token(sugar.passwordGrant(sugar.target().platform()));
    assertOk(r);
    assertThat(r.headers().allValues("Set-Cookie"))
        .as("Set-Cookie of the token answer")
        .anySatisfy(
            c -> assertThat(c).startsWith("download_token_" + sugar.target().platform() + "="));
  }

  // §1.3: "Bearer" is case-sensitive.
  @Test
  void lowerCaseBearerIsNotAccepted(SugarWire sugar) {
    Grant g = sugar.login();
    Reply r =
        sugar
            .call("GET", "/me")
            .anonymous()
            .header("Authorization", "bearer " + g.accessToken())
            .send();
    assertError(r, 401, "need_login", "No valid authentication for user.");
  }
}
