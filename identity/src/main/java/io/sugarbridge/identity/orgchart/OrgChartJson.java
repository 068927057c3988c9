package io.sugarbridge.identity.orgchart;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sugarbridge.identity.directory.SugarUser;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The org chart as JSON: {@code roots} is a nested tree ({@code reports} under each person), with
 * {@code cycles} and {@code dangling_managers} listed beside it and marked on the people concerned.
 */
final class OrgChartJson implements OrgChartFormat.Writer {
  // A reporting chain deeper than Jackson's default 1000 levels only comes from bad data, and must
  // still be written, not fail.
  static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamWriteConstraints(
                      StreamWriteConstraints.builder().maxNestingDepth(Integer.MAX_VALUE).build())
                  .build())
          .build();

  @Override
  public void write(ReportingGraph graph, Writer out) throws IOException {
    out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(graph)));
    out.write(System.lineSeparator());
  }

  /** Nesting levels of the tree before it continues in the "continued" list. */
  static final int MAX_DEPTH = 200;

  static ObjectNode toJson(ReportingGraph graph) {
    ObjectNode root = JSON.createObjectNode();
    root.put("people", graph.people().size());
    ArrayNode roots = root.putArray("roots");
    // Built with an explicit stack: a very deep chain must not exhaust the thread's stack. Below
    // MAX_DEPTH levels the reports continue in "continued" (each naming its manager), so readers
    // that recurse (Jackson's writer, a browser) never go deeper than that.
    ArrayNode continued = root.putArray("continued");
    Deque<Object[]> todo = new ArrayDeque<>();
    for (SugarUser r : graph.roots()) {
      todo.push(new Object[] {r, roots.addObject(), 0});
    }
    java.util.Map<String, ReportingGraph.DanglingManager> dangling = new java.util.HashMap<>();
    graph.danglingManagers().forEach(d -> dangling.put(d.user().id(), d));
    while (!todo.isEmpty()) {
      Object[] next = todo.pop();
      SugarUser u = (SugarUser) next[0];
      ObjectNode node = (ObjectNode) next[1];
      int depth = (Integer) next[2];
      person(node, u);
      if (graph.closesCycle(u)) {
        SugarUser m = graph.person(u.reportsToId());
        node.put("reports_to_in_cycle", m == null ? u.reportsToId() : m.userName());
      }
      ReportingGraph.DanglingManager d = dangling.get(u.id());
      if (d != null) {
        ObjectNode dm = node.putObject("dangling_manager");
        dm.put("manager_id", d.managerId());
        dm.put("manager_user_name", d.managerUserName());
        dm.put("problem", d.problem().words());
      }
      ArrayNode reports = node.putArray("reports");
      for (SugarUser r : graph.reportsOf(u.id())) {
        if (depth + 1 >= MAX_DEPTH) {
          ObjectNode c = continued.addObject();
          c.put("continued_from", u.userName());
          todo.push(new Object[] {r, c, 0});
        } else {
          todo.push(new Object[] {r, reports.addObject(), depth + 1});
        }
      }
    }
    ArrayNode cycles = root.putArray("cycles");
    for (var c : graph.cycles()) {
      ArrayNode a = cycles.addArray();
      c.forEach(u -> a.add(u.userName()));
    }
    ArrayNode dm = root.putArray("dangling_managers");
    for (ReportingGraph.DanglingManager d : graph.danglingManagers()) {
      ObjectNode o = dm.addObject();
      o.put("user_name", d.user().userName());
      o.put("manager_id", d.managerId());
      o.put("manager_user_name", d.managerUserName());
      o.put("problem", d.problem().words());
    }
    return root;
  }

  private static void person(ObjectNode node, SugarUser u) {
    node.put("id", u.id());
    node.put("user_name", u.userName());
    node.put("name", u.displayName());
    node.put("title", u.title());
    node.put("department", u.department());
    node.put("status", u.status());
  }
}
