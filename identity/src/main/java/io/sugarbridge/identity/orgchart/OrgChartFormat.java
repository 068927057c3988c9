package io.sugarbridge.identity.orgchart;

import java.io.IOException;
import java.util.Locale;

/**
 * The ways an org chart can be written: a nested JSON tree, a CSV of (user, manager, depth, chain),
 * Graphviz DOT, Mermaid, and a self-contained HTML page that draws it.
 */
public enum OrgChartFormat {
  JSON(new OrgChartJson()),
  CSV(new OrgChartCsv()),
  DOT(new OrgChartDot()),
  MERMAID(new OrgChartMermaid()),
  HTML(new OrgChartHtml());

  /** Writes one format. */
  public interface Writer {
    void write(ReportingGraph graph, java.io.Writer out) throws IOException;
  }

  private final Writer writer;

  OrgChartFormat(Writer writer) {
    this.writer = writer;
  }

  public void write(ReportingGraph graph, java.io.Writer out) throws IOException {
    writer.write(graph, out);
  }

  /** The format named on the command line (case-insensitive), e.g. {@code mermaid}. */
  public static OrgChartFormat named(String name) {
    for (OrgChartFormat f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "Unknown org chart format '" + name + "'; use json, csv, dot, mermaid or html");
  }

  public String extension() {
    return this == MERMAID ? "mmd" : name().toLowerCase(Locale.ROOT);
  }
}
