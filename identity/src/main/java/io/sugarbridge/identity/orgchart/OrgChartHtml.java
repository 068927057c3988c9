package io.sugarbridge.identity.orgchart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The org chart as one self-contained HTML page: the chart's data is embedded as JSON and a small
 * inline script draws it as boxes with name, title and department, coloured by department, with
 * cycles and dangling managers marked on the boxes and listed above the chart. A large company
 * wraps into the page width: under each top person, every direct report's team is a block, and the
 * blocks flow in rows, so the whole company fits a page a person can look at. The page records its
 * full height in {@code <body data-height>} so a screenshot tool can size the window to it. No CDN,
 * no network: the page opens from a file, offline.
 */
final class OrgChartHtml implements OrgChartFormat.Writer {
  private static final String TEMPLATE = "org-chart.html";
  private static final String PLACEHOLDER = "/*ORG_CHART_DATA*/";

  @Override
  public void write(ReportingGraph graph, Writer out) throws IOException {
    ObjectNode data = OrgChartJson.toJson(graph);
    ObjectNode colours = data.putObject("colours");
    for (Map.Entry<String, String> e :
        new DepartmentColours(graph.people()).orderedLegend().entrySet()) {
      colours.put(e.getKey(), e.getValue());
    }
    // "</" would end the script element early; the JSON escape keeps the text identical.
    String json = OrgChartJson.JSON.writeValueAsString(data).replace("</", "<\\/");
    out.write(template().replace(PLACEHOLDER, json));
  }

  private static String template() {
    try (InputStream in = OrgChartHtml.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("org chart page template missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
