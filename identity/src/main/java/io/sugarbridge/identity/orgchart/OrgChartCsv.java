package io.sugarbridge.identity.orgchart;

import io.sugarbridge.identity.directory.CsvTable;
import io.sugarbridge.identity.directory.SugarUser;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The org chart as CSV, one row per person: user, manager, depth (0 at the top) and the chain of
 * managers from the top down ({@code ceo > vp > user}), plus a note for cycles and dangling
 * managers.
 */
final class OrgChartCsv implements OrgChartFormat.Writer {

  @Override
  public void write(ReportingGraph graph, Writer out) throws IOException {
    CsvTable t =
        new CsvTable(List.of("user", "name", "manager", "depth", "chain", "department", "note"));
    Map<String, Integer> depth = graph.depths();
    Map<String, String> notes = new HashMap<>();
    for (ReportingGraph.DanglingManager d : graph.danglingManagers()) {
      notes.put(d.user().id(), d.problem().words() + " (" + d.managerLabel() + ")");
    }
    for (List<SugarUser> c : graph.cycles()) {
      for (SugarUser u : c) {
        notes.merge(u.id(), "in a reporting cycle", (a, b) -> a + "; " + b);
      }
    }
    for (SugarUser u : graph.people()) {
      List<SugarUser> above = graph.chainAbove(u);
      List<String> chain = new ArrayList<>();
      above.forEach(m -> chain.add(m.userName()));
      Collections.reverse(chain);
      chain.add(u.userName());
      SugarUser manager = graph.person(u.reportsToId());
      t.row(
          List.of(
              u.userName(),
              u.displayName(),
              manager == null ? "" : manager.userName(),
              String.valueOf(depth.getOrDefault(u.id(), 0)),
              String.join(" > ", chain),
              u.department() == null ? "" : u.department(),
              notes.getOrDefault(u.id(), "")));
    }
    t.write(out);
  }
}
