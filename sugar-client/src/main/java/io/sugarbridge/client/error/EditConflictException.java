package io.sugarbridge.client.error;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Sugar answered 409 {@code edit_conflict}: the record changed since the {@code X-Timestamp} sent
 * with the update. Reload the record, reapply the change, and update again.
 */
public class EditConflictException extends SugarApiException {
  private static final long serialVersionUID = 1L;

  public EditConflictException(SugarError error, String advice) {
    super(error, advice);
  }

  /** The record as it is now on the server (Sugar sends it under {@code record}), or null. */
  public JsonNode currentRecord() {
    JsonNode body = body();
    return body == null ? null : body.get("record");
  }
}
