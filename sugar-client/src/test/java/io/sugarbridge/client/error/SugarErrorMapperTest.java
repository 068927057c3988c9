package io.sugarbridge.client.error;

import static org.assertj.core.api.Assertions.assertThat;

import io.sugarbridge.common.error.SugarbridgeException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SugarErrorMapperTest {
  private static final ErrorContext CTX =
      new ErrorContext(
          "https://acme.sugarcrm.com", "sync", "sugarbridge", "sugar", "11.24", false, 1);

  private static SugarApiException map(int status, String body, ErrorContext ctx) {
    SugarError e =
        SugarErrorMapper.parse(
            status, body.getBytes(StandardCharsets.UTF_8), "GET", "/rest/v11_24/Accounts/1");
    return SugarErrorMapper.toException(e, ctx);
  }

  private static String json(String code, String msg) {
    return "{\"error\":\"" + code + "\",\"error_message\":\"" + msg + "\"}";
  }

  @Test
  void loginFailureSaysToCheckCredentialsAndActiveStatus() {
    SugarApiException e =
        map(
            401,
            json("need_login", "You must specify a valid username and password."),
            CTX.forTokenCall());
    assertThat(e).isInstanceOf(InvalidCredentialsException.class);
    assertThat(e.getMessage()).contains("check username and password").contains("Active");
    assertThat(e.httpStatus()).isEqualTo(401);
    assertThat(e.errorCode()).isEqualTo("need_login");
  }

  @Test
  void unregisteredPlatformOnTokenCall() {
    SugarApiException e =
        map(422, json("invalid_parameter", "Invalid platform specified."), CTX.forTokenCall());
    assertThat(e).isInstanceOf(PlatformNotRegisteredException.class);
    assertThat(e.getMessage()).contains("Configure API Platforms").contains("sugarbridge");
  }

  @Test
  void statusAndCodeSelectTheType() {
    assertThat(map(403, json("not_authorized", "x"), CTX))
        .isInstanceOf(PermissionDeniedException.class);
    assertThat(map(404, json("not_found", "Could not find record"), CTX))
        .isInstanceOf(NotFoundException.class);
    assertThat(map(404, json("no_method", "Could not find any route"), CTX))
        .isInstanceOf(UnknownModuleOrRouteException.class);
    assertThat(map(422, json("missing_parameter", "Missing parameter: last_name"), CTX))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("Missing parameter: last_name");
    assertThat(map(409, "{\"error\":\"edit_conflict\",\"record\":{\"id\":\"1\"}}", CTX))
        .isInstanceOfSatisfying(
            EditConflictException.class,
            e -> assertThat(e.currentRecord().path("id").asText()).isEqualTo("1"));
    assertThat(map(401, json("invalid_grant", "The access token provided is invalid."), CTX))
        .isInstanceOf(SessionExpiredException.class);
    assertThat(map(429, json("too_many_requests", ""), CTX))
        .isInstanceOf(RateLimitedException.class)
        .matches(SugarbridgeException::isRetryable);
    assertThat(map(503, json("service_unavailable", ""), CTX))
        .isInstanceOf(ServerUnavailableException.class);
  }

  @Test
  void incorrectVersionNamesTheServedRange() {
    SugarApiException e =
        map(
            301,
            json(
                "incorrect_version",
                "Please change your requested API version to value between 10 and 11.23."),
            CTX);
    assertThat(e).isInstanceOf(UnsupportedApiVersionException.class);
    assertThat(e.getMessage()).contains("10 to 11.23").contains("api_version");
  }

  @Test
  void htmlBodyFromAnEdgeProxyStillGivesStatusAndShortExcerpt() {
    String html =
        "<html><head><title>429 Too Many Requests</title><style>body{}</style></head><body><h1>"
            + "Too Many Requests</h1>"
            + "<p>"
            + "x".repeat(500)
            + "</p></body></html>";
    SugarApiException e = map(429, html, CTX);
    assertThat(e).isInstanceOf(RateLimitedException.class);
    assertThat(e.errorCode()).isNull();
    assertThat(e.getMessage())
        .contains("HTTP 429")
        .contains("429 Too Many Requests Too Many Requests")
        .doesNotContain("<h1>")
        .doesNotContain("x".repeat(200));
  }

  /** Every code of sugar-api.md §2.2: its type and a piece of advice only that code gets. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "301 | incorrect_version     | UnsupportedApiVersionException | api_version",
        "401 | need_login            | SessionExpiredException        | still Active",
        "401 | invalid_grant         | SessionExpiredException        | still Active",
        "403 | not_authorized        | PermissionDeniedException      | ask a Sugar administrator",
        "403 | inactive_portal_user  | PermissionDeniedException      | portal user",
        "403 | portal_not_configured | PermissionDeniedException      | portal",
        "403 | license_seats_needed  | PermissionDeniedException      | license",
        "403 | field_locked          | PermissionDeniedException      | locked by a process",
        "403 | module_disabled       | PermissionDeniedException      | module is disabled",
        "403 | field_disabled        | PermissionDeniedException      | field is disabled",
        "404 | no_method             | UnknownModuleOrRouteException  | module name",
        "404 | not_found             | NotFoundException              | does not exist",
        "409 | edit_conflict         | EditConflictException          | reload it",
        "412 | metadata_out_of_date  | SugarApiException              | metadata",
        "413 | request_too_large     | ValidationException            | fewer or smaller",
        "422 | missing_parameter     | ValidationException            | missing",
        "422 | invalid_parameter     | ValidationException            | fix the field",
        "424 | request_failure       | ServerUnavailableException     | could not complete",
        "433 | client_outdated       | UnsupportedApiVersionException | upgrade sugarbridge",
        "500 | fatal_error           | ServerUnavailableException     | sugarcrm.log",
        "500 | search_runtime        | ServerUnavailableException     | search",
        "502 | bad_gateway           | ServerUnavailableException     | connector",
        "503 | maintenance           | ServerUnavailableException     | maintenance mode",
        "503 | service_unavailable   | ServerUnavailableException     | retry later",
        "503 | search_unavailable    | ServerUnavailableException     | search",
      })
  void everySugarErrorCodeHasItsTypeAndAdvice(int status, String code, String type, String advice) {
    SugarApiException e = map(status, json(code, "server says " + code), CTX);
    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.getMessage()).contains(advice).contains("server says " + code);
    assertThat(e.getMessage()).doesNotContain("unexpected status");
  }

  /** The token endpoint's own errors (sugar-api.md §1.2). */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | invalid_request        | InvalidCredentialsException    | username",
        "400 | invalid_client         | InvalidCredentialsException    | client_secret",
        "401 | need_login             | InvalidCredentialsException    | check username and password",
        "400 | invalid_grant          | InvalidCredentialsException    | log in again",
        "400 | unsupported_grant_type | InvalidCredentialsException    | password grant",
        "433 | client_outdated        | UnsupportedApiVersionException | upgrade sugarbridge",
        "403 | license_seats_needed   | PermissionDeniedException      | license",
        "503 | maintenance            | ServerUnavailableException     | maintenance mode",
      })
  void everyTokenEndpointErrorHasItsTypeAndAdvice(
      int status, String code, String type, String advice) {
    SugarApiException e = map(status, json(code, "server says " + code), CTX.forTokenCall());
    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.getMessage()).contains(advice);
  }
}
