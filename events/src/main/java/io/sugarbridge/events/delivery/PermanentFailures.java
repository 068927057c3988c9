package io.sugarbridge.events.delivery;

import io.sugarbridge.common.config.KnownSecrets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Deliveries that failed permanently in a row, described by kind only: how many, Sugar's HTTP
 * status and error code, and which field names the failure mentions. The failure's own words stay
 * in the dead-letter store: Sugar's messages echo field values (an email address, a name) and the
 * event's content, and whoever reads {@code /healthz} (often a load balancer, unauthenticated) must
 * not see people's data.
 */
public final class PermanentFailures {
  // Sugar's error codes are words like invalid_parameter or not_authorized; anything else
  // (a proxy's page, a message where the code should be) is not shown.
  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

  private final int count;
  private final int httpStatus;
  private final String errorCode;
  private final Set<String> payloadFields;
  private final String text;

  PermanentFailures(int count, DeliveryOutcome last) {
    this.count = count;
    this.httpStatus = last.httpStatus();
    String sugar = last.sugarError();
    String code = null;
    if (sugar != null) {
      int colon = sugar.indexOf(':');
      String c = (colon < 0 ? sugar : sugar.substring(0, colon)).trim();
      code = ERROR_CODE.matcher(c).matches() ? KnownSecrets.scrub(c) : null;
    }
    this.errorCode = code;
    Set<String> fields = new LinkedHashSet<>();
    if (last.sugarPayload() != null) {
      Iterator<String> names = last.sugarPayload().fieldNames();
      names.forEachRemaining(fields::add);
    }
    this.payloadFields = fields;
    this.text = (sugar == null ? "" : sugar) + " " + (last.detail() == null ? "" : last.detail());
  }

  /** How many deliveries in a row failed permanently. */
  public int count() {
    return count;
  }

  /** Sugar's HTTP status of the last one, 0 when it was not sent to Sugar. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Sugar's error code of the last one (e.g. {@code invalid_parameter}), or null. */
  public String errorCode() {
    return errorCode;
  }

  /**
   * The field names, among those of the record built and {@code alsoKnown} (e.g. the mapped
   * fields), that the last failure's message names as a whole word; names only, never a value.
   */
  public List<String> fieldsNamed(Collection<String> alsoKnown) {
    Set<String> candidates = new LinkedHashSet<>(payloadFields);
    candidates.addAll(alsoKnown);
    List<String> out = new ArrayList<>();
    for (String f : candidates) {
      if (f != null
          && !f.isEmpty()
          && Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(f) + "(?![A-Za-z0-9_])")
              .matcher(text)
              .find()) {
        out.add(f);
      }
    }
    return out;
  }
}
