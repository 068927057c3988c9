package io.sugarbridge.common.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The settings are wrong; nothing was sent to Sugar. Carries every problem found at once (not only
 * the first), each naming the setting and what to write instead.
 */
public class ConfigurationException extends SugarbridgeException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigurationException(List<ConfigProblem> problems) {
    super(render(problems));
    this.problems = List.copyOf(problems);
  }

  public ConfigurationException(String setting, String problem) {
    this(List.of(new ConfigProblem(setting, problem, null)));
  }

  /** Every problem found, in the order the settings are documented. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String render(List<ConfigProblem> problems) {
    if (problems.size() == 1) {
      return "Invalid configuration: " + problems.get(0);
    }
    return problems.size()
        + " configuration problems:\n"
        + problems.stream().map(p -> "  - " + p).collect(Collectors.joining("\n"));
  }

  @Override
  public Category category() {
    return Category.CONFIGURATION;
  }
}
