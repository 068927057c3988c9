package io.sugarbridge.identity.orgchart;

import io.sugarbridge.identity.directory.SugarUser;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The org chart as a Mermaid flowchart (GitHub and many wikis render it): a node per person with
 * name, title and department, a class per department for its colour, a dotted "reporting cycle"
 * arrow for the edge that closes a loop, and a node for each inactive, deleted or missing manager.
 */
final class OrgChartMermaid implements OrgChartFormat.Writer {

  @Override
  public void write(ReportingGraph graph, Writer out) throws IOException {
    DepartmentColours colours = new DepartmentColours(graph.people());
    Map<String, String> classOf = new HashMap<>();
    int n = 0;
    for (String dept : colours.orderedLegend().keySet()) {
      classOf.put(dept, "dept" + n++);
    }
    Map<String, String> node = new HashMap<>();
    int i = 0;
    for (SugarUser u : graph.people()) {
      node.put(u.id(), "p" + i++);
    }
    StringBuilder b = new StringBuilder("flowchart TD\n");
    for (SugarUser u : graph.people()) {
      b.append("  ")
          .append(node.get(u.id()))
          .append("[\"")
          .append(text(OrgChartDot.label(u)).replace("\n", "<br/>"))
          .append("\"]:::")
          .append(classOf.get(DepartmentColours.department(u)))
          .append('\n');
    }
    for (SugarUser u : graph.people()) {
      String m = node.get(u.reportsToId());
      if (m != null) {
        b.append("  ")
            .append(m)
            .append(graph.closesCycle(u) ? " -. reporting cycle .-> " : " --> ")
            .append(node.get(u.id()))
            .append('\n');
      }
    }
    Set<String> missing = new LinkedHashSet<>();
    int k = 0;
    Map<String, String> missingNode = new HashMap<>();
    for (ReportingGraph.DanglingManager d : graph.danglingManagers()) {
      if (missing.add(d.managerId())) {
        String id = "m" + k++;
        missingNode.put(d.managerId(), id);
        b.append("  ")
            .append(id)
            .append("[\"")
            .append(text(d.problem().words() + "\n" + d.managerLabel()).replace("\n", "<br/>"))
            .append("\"]:::dangling\n");
      }
      b.append("  ")
          .append(missingNode.get(d.managerId()))
          .append(" -.-> ")
          .append(node.get(d.user().id()))
          .append('\n');
    }
    for (Map.Entry<String, String> e : colours.orderedLegend().entrySet()) {
      b.append("  classDef ")
          .append(classOf.get(e.getKey()))
          .append(" fill:")
          .append(e.getValue())
          .append(",stroke:#555,color:#000\n");
    }
    b.append("  classDef dangling fill:#fff,stroke:#e67e22,stroke-dasharray: 5 5,color:#000\n");
    out.write(b.toString());
  }

  /** Mermaid labels are quoted; quotes and angle brackets become entities. */
  private static String text(String s) {
    return s.replace("&", "&amp;")
        .replace("\"", "&quot;")
        .replace("<", "&lt;")
        .replace(">", "&gt;");
  }
}
