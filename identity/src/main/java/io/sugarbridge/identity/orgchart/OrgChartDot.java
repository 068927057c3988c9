package io.sugarbridge.identity.orgchart;

import io.sugarbridge.identity.directory.SugarUser;
import java.io.IOException;
import java.io.Writer;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The org chart as Graphviz DOT ({@code dot -Tsvg}): a box per person (name, title, department)
 * filled by department, an arrow from each manager to each report, a red dashed arrow for the edge
 * that closes a reporting cycle, and an orange dashed box for a manager who is inactive, deleted or
 * missing.
 */
final class OrgChartDot implements OrgChartFormat.Writer {

  @Override
  public void write(ReportingGraph graph, Writer out) throws IOException {
    DepartmentColours colours = new DepartmentColours(graph.people());
    StringBuilder b = new StringBuilder();
    b.append("digraph orgchart {\n");
    b.append("  rankdir=TB;\n");
    b.append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
    for (SugarUser u : graph.people()) {
      b.append("  ")
          .append(id(u.id()))
          .append(" [label=")
          .append(quote(label(u)))
          .append(", fillcolor=")
          .append(quote(colours.of(u)))
          .append(u.active() ? "" : ", fontcolor=\"#777777\"")
          .append("];\n");
    }
    for (SugarUser u : graph.people()) {
      if (u.reportsToId() != null && graph.person(u.reportsToId()) != null) {
        b.append("  ").append(id(u.reportsToId())).append(" -> ").append(id(u.id()));
        if (graph.closesCycle(u)) {
          b.append(" [color=red, style=dashed, label=\"reporting cycle\"]");
        }
        b.append(";\n");
      }
    }
    Set<String> missing = new LinkedHashSet<>();
    for (ReportingGraph.DanglingManager d : graph.danglingManagers()) {
      if (missing.add(d.managerId())) {
        b.append("  ")
            .append(id(d.managerId()))
            .append(" [label=")
            .append(quote(d.problem().words() + "\n" + d.managerLabel()))
            .append(", style=\"dashed\", color=orange];\n");
      }
      b.append("  ")
          .append(id(d.managerId()))
          .append(" -> ")
          .append(id(d.user().id()))
          .append(" [color=orange, style=dashed];\n");
    }
    b.append("}\n");
    out.write(b.toString());
  }

  static String label(SugarUser u) {
    StringBuilder s = new StringBuilder(u.displayName());
    if (u.title() != null) {
      s.append('\n').append(u.title());
    }
    if (u.department() != null) {
      s.append('\n').append(u.department());
    }
    if (!u.active()) {
      s.append("\n(inactive)");
    }
    return s.toString();
  }

  private static String id(String sugarId) {
    return quote("u_" + sugarId);
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
