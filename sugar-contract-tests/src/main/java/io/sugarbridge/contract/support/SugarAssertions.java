package io.sugarbridge.contract.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Assertions phrased in the document's terms: "HTTP 404 with {@code error} not_found and {@code
 * error_message} ...". Each names the request and shows the (redacted) answer when it fails.
 */
public final class SugarAssertions {
  private SugarAssertions() {}

  /** Asserts the status and returns the JSON body. */
  public static JsonNode assertStatus(Reply r, int status) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    return r.json();
  }

  /** Asserts HTTP 200 with a JSON body and returns it. */
  public static JsonNode assertOk(Reply r) {
    return assertStatus(r, 200);
  }

  /**
   * Asserts a Sugar error answer (§2.1): the status, {@code Content-Type: application/json}, a JSON
   * object with this {@code error} and exactly this {@code error_message}.
   */
  public static JsonNode assertError(Reply r, int status, String error, String message) {
    JsonNode body = assertErrorCode(r, status, error);
    assertThat(r.errorMessage()).as("error_message of %s", r).isEqualTo(message);
    return body;
  }

  /** As {@link #assertError} but the message only has to start with {@code prefix}. */
  public static JsonNode assertErrorStartsWith(Reply r, int status, String error, String prefix) {
    JsonNode body = assertErrorCode(r, status, error);
    assertThat(r.errorMessage()).as("error_message of %s", r).isNotNull().startsWith(prefix);
    return body;
  }

  /**
   * A Sugar error whose body must not carry {@code error_message} (§1.2, §2.1: omitted when empty).
   */
  public static JsonNode assertErrorWithoutMessage(Reply r, int status, String error) {
    JsonNode body = assertErrorCode(r, status, error);
    assertThat(body.has("error_message")).as("error_message must be absent in %s", r).isFalse();
    return body;
  }

  /** Status, JSON content type and {@code error} code; the message is left to the caller. */
  public static JsonNode assertErrorCode(Reply r, int status, String error) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.mediaType()).as("Content-Type of %s", r).isEqualTo("application/json");
    JsonNode body = r.json();
    assertThat(body.isObject()).as("error body of %s is a JSON object", r).isTrue();
    assertThat(r.error()).as("error of %s", r).isEqualTo(error);
    return body;
  }

  /** Status and message, for errors whose {@code error} code the document does not name. */
  public static JsonNode assertErrorMessage(Reply r, int status, String message) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(status);
    assertThat(r.mediaType()).as("Content-Type of %s", r).isEqualTo("application/json");
    assertThat(r.error()).as("error of %s", r).isNotBlank();
    assertThat(r.errorMessage()).as("error_message of %s", r).isEqualTo(message);
    return r.json();
  }
}
