package io.sugarbridge.events.delivery;

import io.sugarbridge.client.error.EditConflictException;
import io.sugarbridge.client.error.InvalidCredentialsException;
import io.sugarbridge.client.error.NotFoundException;
import io.sugarbridge.client.error.PermissionDeniedException;
import io.sugarbridge.client.error.PlatformNotRegisteredException;
import io.sugarbridge.client.error.SessionConflictException;
import io.sugarbridge.client.error.SessionExpiredException;
import io.sugarbridge.client.error.SugarApiException;
import io.sugarbridge.client.error.UnknownModuleOrRouteException;
import io.sugarbridge.client.error.ValidationException;

/**
 * Decides whether a failed delivery is worth trying again or needs a person, and says what to do in
 * the words of the seed's troubleshooting table. Only failures tied to the record (its data, the
 * user's rights on the module, the module itself) are dead-lettered; failures of the connection
 * (logins, platform, rate limits, server errors, network) keep the event in the journal and are
 * retried, so a wrong password never turns a day of sign-ups into dead letters.
 */
public final class FailureExplainer {

  /**
   * A permanent failure in words.
   *
   * @param httpStatus Sugar's status, 0 when Sugar did not answer
   * @param sugarError Sugar's error code and message as received
   * @param reason what happened and what to do, naming the module
   */
  public record Permanent(int httpStatus, String sugarError, String reason) {}

  private final String module;

  public FailureExplainer(String module) {
    this.module = module;
  }

  /** The failure as a dead letter, or null when it should be retried. */
  public Permanent permanent(RuntimeException e) {
    if (!(e instanceof SugarApiException api)) {
      return null;
    }
    if (api instanceof InvalidCredentialsException
        || api instanceof PlatformNotRegisteredException
        || api instanceof SessionConflictException
        || api instanceof SessionExpiredException
        || api instanceof EditConflictException
        || api.isRetryable()) {
      return null;
    }
    String sugar =
        (api.errorCode() == null ? "" : api.errorCode())
            + (api.serverMessage() == null || api.serverMessage().isEmpty()
                ? ""
                : ": " + api.serverMessage());
    String reason;
    if (api instanceof PermissionDeniedException) {
      reason =
          "The API user may not create or edit "
              + module
              + " records (Sugar answered 403). Give the user's role create and edit access to "
              + module
              + " (Admin > Role Management), then run sugarbridge events replay.";
    } else if (api instanceof UnknownModuleOrRouteException || api instanceof NotFoundException) {
      reason =
          "Sugar has no module "
              + module
              + " for this user (404). Check module: in events.yaml (case-sensitive, e.g."
              + " Leads) and that the module is enabled, then run sugarbridge events replay.";
    } else if (api instanceof ValidationException) {
      reason =
          "Sugar refused the record's data ("
              + api.httpStatus()
              + (api.serverMessage() == null ? "" : ": " + api.serverMessage())
              + "). Fix the trait or the mapping of the field Sugar names (mappings: in"
              + " events.yaml), then run sugarbridge events replay.";
    } else {
      reason =
          "Sugar refused the record with HTTP "
              + api.httpStatus()
              + ". "
              + api.getMessage()
              + " Then run sugarbridge events replay.";
    }
    return new Permanent(api.httpStatus(), sugar.isEmpty() ? null : sugar, reason);
  }
}
