package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A SCIM list {@code filter} (RFC 7644 section 3.4.2.2), parsed by the UnboundID SDK and used
 * twice: as much of it as Sugar's filter language can say becomes a Sugar filter that narrows the
 * paging read ({@link #sugarFilter}), and the whole filter is then evaluated on each SCIM resource
 * in memory ({@link #matches}), so the answer is exact whatever part Sugar could not take.
 * Translated: {@code eq}, {@code sw}, {@code co}, {@code pr}, {@code and}, {@code or} on userName,
 * name.givenName, name.familyName, title, active and (for Groups) displayName. A bare {@code
 * emails} or {@code phoneNumbers} compares their {@code value}, as RFC 7644 asks.
 */
final class ScimFilter {
  private static final Pattern BARE_MULTI_VALUED =
      Pattern.compile("(?i)\\b(emails|phoneNumbers|members)\\s+(eq|ne|co|sw|ew|gt|ge|lt|le)\\b");

  private static final Pattern CORE_URN =
      Pattern.compile("(?i)urn:ietf:params:scim:schemas:core:2\\.0:(User|Group):");

  private final Filter filter;

  private ScimFilter(Filter filter) {
    this.filter = filter;
  }

  /**
   * Parses {@code text}; null or blank text matches everything.
   *
   * @throws ScimException invalidFilter with the parser's reason
   */
  static ScimFilter parse(String text) {
    if (text == null || text.isBlank()) {
      return new ScimFilter(null);
    }
    // Core attributes may be written with their schema URN; the resources carry them bare.
    String normalised =
        CORE_URN.matcher(BARE_MULTI_VALUED.matcher(text).replaceAll("$1.value $2")).replaceAll("");
    try {
      return new ScimFilter(Filter.fromString(normalised));
    } catch (BadRequestException e) {
      throw ScimException.invalidFilter(
          "The filter '" + text + "' is not valid: " + e.getMessage());
    }
  }

  boolean matches(JsonNode resource) {
    if (filter == null) {
      return true;
    }
    try {
      return FilterEvaluator.evaluate(filter, resource);
    } catch (com.unboundid.scim2.common.exceptions.ScimException e) {
      throw ScimException.invalidFilter(
          "The filter '" + filter + "' cannot be evaluated: " + e.getMessage());
    }
  }

  /** Whether the filter looks at group members. */
  boolean mentionsMembers() {
    return filter != null
        && filter.toString().toLowerCase(java.util.Locale.ROOT).contains("members");
  }

  /** The value of a top-level {@code externalId eq "..."} (or one inside an and), or null. */
  String externalIdEquals() {
    return equalsValue(filter, "externalId");
  }

  /** The value of a top-level {@code id eq "..."} (or one inside an and), or null. */
  String idEquals() {
    return equalsValue(filter, "id");
  }

  private static String equalsValue(Filter f, String attribute) {
    if (f == null) {
      return null;
    }
    if (f.getFilterType() == com.unboundid.scim2.common.filters.FilterType.EQUAL
        && f.getAttributePath().toString().equalsIgnoreCase(attribute)
        && f.getComparisonValue() != null
        && f.getComparisonValue().isTextual()) {
      return f.getComparisonValue().asText();
    }
    if (f.getFilterType() == com.unboundid.scim2.common.filters.FilterType.AND) {
      for (Filter c : f.getCombinedFilters()) {
        String v = equalsValue(c, attribute);
        if (v != null) {
          return v;
        }
      }
    }
    return null;
  }

  /**
   * A Sugar filter that every matching record passes (it may let more through), or null when no
   * part of the SCIM filter can be said in Sugar's language.
   */
  io.sugarbridge.client.records.Filter sugarFilter(Map<String, String> sugarFieldByAttribute) {
    return translate(filter, sugarFieldByAttribute);
  }

  private static io.sugarbridge.client.records.Filter translate(
      Filter f, Map<String, String> fields) {
    if (f == null) {
      return null;
    }
    switch (f.getFilterType()) {
      case AND -> {
        List<io.sugarbridge.client.records.Filter> parts = new ArrayList<>();
        for (Filter c : f.getCombinedFilters()) {
          io.sugarbridge.client.records.Filter t = translate(c, fields);
          // An untranslatable part of an AND is left to the in-memory check.
          if (t != null) {
            parts.add(t);
          }
        }
        return parts.isEmpty()
            ? null
            : io.sugarbridge.client.records.Filter.and(
                parts.toArray(io.sugarbridge.client.records.Filter[]::new));
      }
      case OR -> {
        List<io.sugarbridge.client.records.Filter> parts = new ArrayList<>();
        for (Filter c : f.getCombinedFilters()) {
          io.sugarbridge.client.records.Filter t = translate(c, fields);
          if (t == null) {
            // One untranslatable branch could match anything: no narrowing is safe.
            return null;
          }
          parts.add(t);
        }
        return io.sugarbridge.client.records.Filter.or(
            parts.toArray(io.sugarbridge.client.records.Filter[]::new));
      }
      case EQUAL, STARTS_WITH, CONTAINS, PRESENT -> {
        return comparison(f, fields);
      }
      default -> {
        return null;
      }
    }
  }

  private static io.sugarbridge.client.records.Filter comparison(
      Filter f, Map<String, String> fields) {
    String attribute = f.getAttributePath().toString();
    String field = null;
    for (Map.Entry<String, String> e : fields.entrySet()) {
      if (e.getKey().equalsIgnoreCase(attribute)) {
        field = e.getValue();
      }
    }
    if (field == null) {
      return null;
    }
    var condition = io.sugarbridge.client.records.Filter.field(field);
    if (f.getFilterType() == com.unboundid.scim2.common.filters.FilterType.PRESENT) {
      return field.equals("status") ? null : condition.notEmpty();
    }
    JsonNode v = f.getComparisonValue();
    if (v == null || v.isNull()) {
      return null;
    }
    if (field.equals("status")) {
      if (!v.isBoolean()
          || f.getFilterType() != com.unboundid.scim2.common.filters.FilterType.EQUAL) {
        return null;
      }
      return condition.equalTo(v.booleanValue() ? "Active" : "Inactive");
    }
    if (!v.isTextual()) {
      return null;
    }
    String s = v.asText();
    return switch (f.getFilterType()) {
      case EQUAL -> condition.equalTo(s);
      case STARTS_WITH -> condition.startsWith(s);
      case CONTAINS -> condition.contains(s);
      default -> null;
    };
  }
}
