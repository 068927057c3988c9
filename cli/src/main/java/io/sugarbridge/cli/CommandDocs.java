package io.sugarbridge.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The README's command table and the reference in docs/cli.md, made from picocli's model of {@link
 * SugarbridgeCommand} so the documentation lists the commands and options that exist.
 * CommandDocsTest fails when the committed docs differ, and rewrites them with {@code
 * -Dsugarbridge.docs.write=true}.
 */
final class CommandDocs {
  static final String TABLE_BEGIN =
      "<!-- commands:begin (generated from the picocli commands by CommandDocsTest;"
          + " do not edit by hand) -->";
  static final String TABLE_END = "<!-- commands:end -->";
  static final String REFERENCE_BEGIN =
      "<!-- command-reference:begin (generated from the picocli commands by CommandDocsTest;"
          + " do not edit by hand) -->";
  static final String REFERENCE_END = "<!-- command-reference:end -->";

  /** The synopsis width, fixed so that the output does not depend on the terminal. */
  private static final int WIDTH = 100;

  private CommandDocs() {}

  /** The README's table: one row per command that runs something, between the table markers. */
  static String table() {
    StringBuilder out = new StringBuilder("| command | what it does |\n|---|---|\n");
    for (CommandSpec c : leaves(root())) {
      out.append("| `")
          .append(shortSynopsis(c).replace("|", "\\|"))
          .append("` | ")
          .append(cell(description(c)))
          .append(" [options](docs/cli.md#")
          .append(anchor(c))
          .append(") |\n");
    }
    return out.toString();
  }

  /** docs/cli.md's reference: every command, its synopsis and its options with their defaults. */
  static String reference() {
    StringBuilder out = new StringBuilder();
    for (CommandSpec c : all(root())) {
      out.append("\n## `").append(c.qualifiedName()).append("`\n\n");
      out.append(description(c)).append("\n\n");
      out.append("```\n").append(synopsis(c)).append("```\n");
      if (!c.subcommands().isEmpty()) {
        out.append("\nSubcommands:");
        String sep = " ";
        for (CommandLine sub : c.subcommands().values()) {
          out.append(sep)
              .append("[`")
              .append(sub.getCommandName())
              .append("`](#")
              .append(anchor(sub.getCommandSpec()))
              .append(")");
          sep = ", ";
        }
        out.append(".\n");
      }
      List<PositionalParamSpec> params = c.positionalParameters();
      List<OptionSpec> options = documented(c);
      if (params.isEmpty() && options.isEmpty()) {
        continue;
      }
      out.append("\n| argument or option | default | what it does |\n|---|---|---|\n");
      for (PositionalParamSpec p : params) {
        out.append("| `")
            .append(p.paramLabel())
            .append("` | | ")
            .append(cell(String.join(" ", p.renderedDescription())))
            .append(" |\n");
      }
      for (OptionSpec o : options) {
        out.append("| ")
            .append(optionNames(o))
            .append(" | ")
            .append(o.defaultValue() == null ? "" : "`" + o.defaultValue() + "`")
            .append(" | ")
            .append(cell(String.join(" ", o.renderedDescription())))
            .append(" |\n");
      }
    }
    return out.toString();
  }

  private static CommandSpec root() {
    CommandLine cli = new CommandLine(new SugarbridgeCommand());
    return cli.getCommandSpec();
  }

  private static List<CommandSpec> all(CommandSpec root) {
    List<CommandSpec> out = new ArrayList<>();
    for (CommandLine sub : root.subcommands().values()) {
      out.add(sub.getCommandSpec());
      out.addAll(all(sub.getCommandSpec()));
    }
    return out;
  }

  private static List<CommandSpec> leaves(CommandSpec root) {
    List<CommandSpec> out = new ArrayList<>();
    for (CommandSpec c : all(root)) {
      if (c.subcommands().isEmpty()) {
        out.add(c);
      }
    }
    return out;
  }

  /** The options a person sets: not -h/--help and -V/--version, which every command has. */
  private static List<OptionSpec> documented(CommandSpec c) {
    List<OptionSpec> out = new ArrayList<>();
    for (OptionSpec o : c.options()) {
      if (!o.usageHelp() && !o.versionHelp() && !o.hidden()) {
        out.add(o);
      }
    }
    return out;
  }

  /**
   * The command, its positional parameters and its required choices (such as {@code events
   * replay}'s {@code --id | --all | --list}), then {@code [options]} when it has others.
   */
  private static String shortSynopsis(CommandSpec c) {
    StringBuilder s = new StringBuilder(c.qualifiedName());
    for (PositionalParamSpec p : c.positionalParameters()) {
      s.append(' ').append(p.paramLabel());
    }
    boolean more = false;
    for (ArgGroupSpec g : c.argGroups()) {
      if (g.multiplicity().min() > 0) {
        s.append(' ').append(g.synopsis());
      } else {
        more = true;
      }
    }
    for (OptionSpec o : documented(c)) {
      if (o.group() != null) {
        continue;
      }
      if (o.required()) {
        s.append(' ').append(o.longestName());
        if (o.arity().max() > 0) {
          s.append('=').append(o.paramLabel());
        }
      } else {
        more = true;
      }
    }
    if (more) {
      s.append(" [options]");
    }
    return s.toString();
  }

  /** The usage line {@code --help} prints, without colours and at a fixed width. */
  private static String synopsis(CommandSpec c) {
    c.usageMessage().width(WIDTH);
    return new CommandLine.Help(c, CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF))
        .synopsis(0);
  }

  private static String optionNames(OptionSpec o) {
    List<String> names = new ArrayList<>();
    for (String n : o.names()) {
      names.add("`" + n + "`");
    }
    String label = o.arity().max() > 0 ? " `" + o.paramLabel() + "`" : "";
    return String.join(", ", names) + label;
  }

  private static String description(CommandSpec c) {
    return String.join(" ", c.usageMessage().description());
  }

  /** GitHub's anchor for a heading {@code ## `sugarbridge events replay`}. */
  private static String anchor(CommandSpec c) {
    return c.qualifiedName().replace(' ', '-');
  }

  /** Text for a Markdown table cell: pipes escaped, and HTML-like labels kept visible. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("<", "&lt;");
  }
}
