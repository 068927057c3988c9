package io.sugarbridge.identity.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.config.KnownSecrets;
import io.sugarbridge.sandbox.FaultSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: when Sugar (or a proxy) echoes the request into a 5xx answer, the SCIM bridge's own 5xx
 * body must show neither the admin password (a failed re-login) nor the access token.
 */
class ScimEchoingSugarTest {
  @TempDir Path dir;

  private static HttpResponse<String> get(ScimBridgeFixture f, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(f.base().resolve(f.base().getPath() + path))
                .header("Authorization", "Bearer " + f.token)
                .header("Accept", "application/scim+json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFailedReLoginThatSugarEchoesLeavesNoPasswordInTheBody() throws Exception {
    try (ScimBridgeFixture f = new ScimBridgeFixture(dir)) {
      String password = f.sandbox.adminPassword();
      assertThat(get(f, "/Users?count=1").statusCode()).isEqualTo(200);
      f.sandbox.faults().expireAllTokens();
      f.sandbox
          .faults()
          .set(
              FaultSettings.none()
                  .withEchoRequest(true)
                  .with500(1.0)
                  .withFaultPath("oauth2/token"));
      HttpResponse<String> r = get(f, "/Users?count=1");
      assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
      assertThat(r.body()).contains("[request: POST").doesNotContain(password);
    }
  }

  @Test
  void aFailedCallThatSugarEchoesLeavesNoTokenInTheBody() throws Exception {
    try (ScimBridgeFixture f = new ScimBridgeFixture(dir)) {
      assertThat(get(f, "/Users?count=1").statusCode()).isEqualTo(200);
      // A create is not retried on 500, so the echo comes back at once.
      f.sandbox
          .faults()
          .set(FaultSettings.none().withEchoRequest(true).with500(1.0).withFaultPath("Users$"));
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(f.base().resolve(f.base().getPath() + "/Users"))
                      .header("Authorization", "Bearer " + f.token)
                      .header("Content-Type", "application/scim+json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
                                  + "\"userName\":\"echoed\",\"password\":\"Scim-User-Pw-99\","
                                  + "\"name\":{\"givenName\":\"E\",\"familyName\":\"Cho\"}}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isGreaterThanOrEqualTo(500);
      assertThat(r.body()).contains("[request: POST").doesNotContain("Scim-User-Pw-99");
      assertThat(KnownSecrets.containsKnownSecret(r.body())).isFalse();
      assertThat(r.body()).doesNotContain(f.token);
    }
  }
}
