package io.sugarbridge.identity.orgchart;

import io.sugarbridge.identity.directory.SugarUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * One fill colour per department, the same in every picture format: departments in alphabetical
 * order take the palette's colours in turn (light tints, so black text stays readable); people
 * without a department are grey.
 */
public final class DepartmentColours {
  static final String NO_DEPARTMENT = "(no department)";
  private static final List<String> PALETTE =
      List.of(
          "#aec7e8", "#ffbb78", "#98df8a", "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d",
          "#9edae5", "#fdd0a2", "#c7e9c0", "#dadaeb", "#fcbba1", "#d9f0a3", "#bcbddc", "#fee391");

  private final Map<String, String> colours = new LinkedHashMap<>();

  public DepartmentColours(List<SugarUser> people) {
    TreeSet<String> names = new TreeSet<>();
    for (SugarUser u : people) {
      names.add(department(u));
    }
    int i = 0;
    for (String d : names) {
      colours.put(d, d.equals(NO_DEPARTMENT) ? "#e0e0e0" : PALETTE.get(i++ % PALETTE.size()));
    }
  }

  public static String department(SugarUser u) {
    return u.department() == null || u.department().isBlank() ? NO_DEPARTMENT : u.department();
  }

  public String of(SugarUser u) {
    return colours.getOrDefault(department(u), "#e0e0e0");
  }

  /** Department to colour, alphabetical. */
  public Map<String, String> legend() {
    return Map.copyOf(colours);
  }

  public Map<String, String> orderedLegend() {
    return java.util.Collections.unmodifiableMap(colours);
  }
}
