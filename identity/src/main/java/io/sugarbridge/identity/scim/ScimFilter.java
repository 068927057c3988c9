package io.sugarbridge.identity.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.common.Path;
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
 * Translated: {@code eq}, {@code sw}, {@code co}, {@code pr}, {@code and}, {@code or} on the
 * attributes the attribute table gives a filter field ({@link ScimResourceSchema#filterFields}). A
 * bare {@code emails} or {@code phoneNumbers} compares their {@code value}, as RFC 7644 asks.
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
   * Parses {@code text} without checking its attribute names; null or blank text matches
   * everything.
   *
   * @throws ScimException invalidFilter with the parser's reason
   */
  static ScimFilter parse(String text) {
    return parse(text, null);
  }

  /**
   * Parses {@code text}; null or blank text matches everything.
   *
   * @param attributes the resource type's attributes, which every attribute path in the filter must
   *     name (null: no check)
   * @throws ScimException invalidFilter with the parser's reason, or naming an attribute that the
   *     resource type does not have
   */
  static ScimFilter parse(String text, ScimAttributes attributes) {
    if (text == null || text.isBlank()) {
      return new ScimFilter(null);
    }
    Filter parsed;
    try {
      parsed = Filter.fromString(normalise(text));
    } catch (BadRequestException e) {
      throw ScimException.invalidFilter(
          "The filter '" + text + "' is not valid: " + e.getMessage());
    }
    if (attributes != null) {
      String unknown = unknownAttribute(parsed, null, attributes);
      if (unknown != null) {
        throw ScimException.invalidFilter(
            "The filter '"
                + text
                + "' names "
                + unknown
                + "; filter on an attribute of the schema");
      }
    }
    return new ScimFilter(parsed);
  }

  /**
   * The filter with core attributes' schema URN taken off (the resources carry them bare) and a
   * bare {@code emails}/{@code phoneNumbers}/{@code members} comparison turned into one on its
   * {@code value}. Only the text outside quoted values is rewritten: a value that looks like a URN
   * ({@code userName eq "urn:...:User:admin"}) is compared as written.
   */
  static String normalise(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int unquoted = 0;
    int i = 0;
    while (i < text.length()) {
      if (text.charAt(i) != '"') {
        i++;
        continue;
      }
      out.append(rewritePaths(text.substring(unquoted, i)));
      int end = i + 1;
      while (end < text.length() && text.charAt(end) != '"') {
        // A backslash escapes the next character (RFC 7644 values are JSON strings).
        end += text.charAt(end) == '\\' ? 2 : 1;
      }
      end = Math.min(end + 1, text.length());
      out.append(text, i, end);
      i = end;
      unquoted = end;
    }
    out.append(rewritePaths(text.substring(unquoted)));
    return out.toString();
  }

  private static String rewritePaths(String unquoted) {
    return CORE_URN
        .matcher(BARE_MULTI_VALUED.matcher(unquoted).replaceAll("$1.value $2"))
        .replaceAll("");
  }

  /** A description of the first attribute path in {@code f} that is not in the schema, or null. */
  private static String unknownAttribute(Filter f, Path parent, ScimAttributes attributes) {
    switch (f.getFilterType()) {
      case AND, OR -> {
        for (Filter c : f.getCombinedFilters()) {
          String u = unknownAttribute(c, parent, attributes);
          if (u != null) {
            return u;
          }
        }
        return null;
      }
      case NOT -> {
        return unknownAttribute(f.getInvertedFilter(), parent, attributes);
      }
      case COMPLEX_VALUE -> {
        String u = attributes.unknownFilterPath(f.getAttributePath(), parent);
        return u != null
            ? u
            : unknownAttribute(f.getValueFilter(), f.getAttributePath(), attributes);
      }
      default -> {
        return attributes.unknownFilterPath(f.getAttributePath(), parent);
      }
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
