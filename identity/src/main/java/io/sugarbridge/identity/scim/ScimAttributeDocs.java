package io.sugarbridge.identity.scim;

import io.sugarbridge.identity.scim.ScimAttribute.Storage;
import java.util.ArrayList;
import java.util.List;

/**
 * The attribute tables of docs/scim.md, made from the attribute table ({@link ScimResourceSchema})
 * so the documentation says what the bridge does. ScimAttributeDocsTest fails when the committed
 * docs differ, and rewrites them with {@code -Dsugarbridge.docs.write=true}.
 */
final class ScimAttributeDocs {
  static final String BEGIN =
      "<!-- scim-attributes:begin (generated from ScimResourceSchema by ScimAttributeDocsTest;"
          + " do not edit by hand) -->";
  static final String END = "<!-- scim-attributes:end -->";

  private ScimAttributeDocs() {}

  /** The Markdown between {@link #BEGIN} and {@link #END}, without the markers. */
  static String markdown() {
    StringBuilder out = new StringBuilder();
    table(out, ScimResourceSchema.USER, "SCIM User");
    out.append('\n');
    table(out, ScimResourceSchema.GROUP, "SCIM Group");
    return out.toString();
  }

  private static void table(StringBuilder out, ScimResourceSchema resource, String title) {
    out.append("| ")
        .append(title)
        .append(
            " | type | mutability | kept in | Sugar field | max length | filter handed to Sugar"
                + " | notes |\n");
    out.append("|---|---|---|---|---|---|---|---|\n");
    for (ScimResourceSchema.Schema schema : resource.schemas()) {
      String prefix = schema.id().equals(resource.core().id()) ? "" : "enterprise ";
      for (ScimAttribute a : schema.attributes()) {
        if (!a.published() && a.notes().isEmpty()) {
          continue;
        }
        row(out, prefix, a);
        for (ScimAttribute sub : a.subAttributes()) {
          if (sub.published()
              && (sub.sugarField() != null
                  || sub.storage() == Storage.BRIDGE
                  || !sub.notes().isEmpty())) {
            row(out, prefix, sub);
          }
        }
      }
    }
  }

  private static void row(StringBuilder out, String prefix, ScimAttribute a) {
    List<String> cells = new ArrayList<>();
    cells.add(prefix + "`" + a.path() + "`" + (a.published() ? "" : " (not in /Schemas)"));
    cells.add(a.type() + (a.multiValued() ? "[]" : ""));
    cells.add(a.mutability() + (a.required() ? ", required" : ""));
    cells.add(a.storage().label);
    cells.add(sugarField(a));
    cells.add(a.maxLength() == null ? "" : String.valueOf(a.maxLength()));
    cells.add(a.filterField() == null ? "" : "`" + a.filterField() + "`");
    String notes = a.notes();
    if (notes.isEmpty() && a.storage() != Storage.BRIDGE && a.description() != null) {
      notes = a.description();
    }
    cells.add(notes.replace("|", "\\|"));
    out.append("| ").append(String.join(" | ", cells)).append(" |\n");
  }

  private static String sugarField(ScimAttribute a) {
    if (!a.sugarFieldByType().isEmpty()) {
      List<String> byType = new ArrayList<>();
      a.sugarFieldByType().forEach((type, field) -> byType.add(type + ": `" + field + "`"));
      return String.join(", ", byType);
    }
    return a.sugarField() == null ? "" : "`" + a.sugarField() + "`";
  }
}
